-- Run by test/e2e/neovim-docs.test.ts after Neovim has read the init.lua pasted from docs/editors/neovim.md and
-- opened a .vpl file: waits for the language server the documented configuration starts, loads the documented key
-- maps, and writes what it saw to $VPL_RESULT as JSON.

local results = {}
local function finish()
  local f = io.open(os.getenv('VPL_RESULT'), 'w')
  f:write(vim.fn.json_encode(results))
  f:close()
  vim.cmd('qa!')
end

local ok, err = pcall(function()
  local bufnr = vim.api.nvim_get_current_buf()
  results.filetype = vim.bo[bufnr].filetype
  local attached = vim.wait(15000, function() return next(vim.lsp.buf_get_clients(bufnr)) ~= nil end, 50)
  if not attached then error('no language server attached to the buffer') end
  results.clients = {}
  for _, client in pairs(vim.lsp.buf_get_clients(bufnr)) do table.insert(results.clients, client.name) end
  if not vim.wait(20000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50) then
    error('no diagnostics within 20 s')
  end
  results.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(results.diagnostics, { code = code, lnum = d.lnum, col = d.col })
  end
  -- The documented key maps, as a user runs them after buf_attach_client on 0.7.
  dofile(os.getenv('VPL_MAPPINGS'))
  results.mapped = vim.fn.maparg('gd', 'n') ~= '' and vim.bo[bufnr].omnifunc == 'v:lua.vim.lsp.omnifunc'
end)
if not ok then results.error = tostring(err) end
finish()
