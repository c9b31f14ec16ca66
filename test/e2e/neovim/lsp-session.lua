-- A headless Neovim session against the VPL language server (run by test/e2e/neovim.test.ts).
-- Neovim starts the server, attaches a .vpl buffer, waits for diagnostics, asks for completion, jumps to a
-- definition and renames a stream. Results go to $VPL_RESULT as JSON; any failure exits with `cquit 1`.
-- Environment: VPL_NODE (node binary), VPL_SERVER (bin/varpulis-lsp.js), VPL_FILE (the .vpl file), VPL_RESULT.

local results = {}
local function fail(message)
  local f = io.open(os.getenv('VPL_RESULT'), 'w')
  f:write(vim.fn.json_encode({ error = message, partial = results }))
  f:close()
  vim.cmd('cquit! 1')
end

local ok, err = pcall(function()
  local file = os.getenv('VPL_FILE')
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'vpl'

  local client_id = vim.lsp.start_client({
    name = 'varpulis',
    cmd = { os.getenv('VPL_NODE'), os.getenv('VPL_SERVER'), '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
    settings = { vpl = { inlayHints = { fieldTypes = true } } },
  })
  if not client_id then fail('the server did not start') return end
  vim.lsp.buf_attach_client(bufnr, client_id)

  -- 1. Diagnostics: the unknown name on the last line.
  local got = vim.wait(15000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
  if not got then fail('no diagnostics within 15 s') return end
  local diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(diagnostics, { code = code, lnum = d.lnum, col = d.col, severity = d.severity })
  end
  results.diagnostics = diagnostics

  local client = vim.lsp.get_client_by_id(client_id)
  results.server = client.server_capabilities and client.server_capabilities.completionProvider ~= nil

  -- 2. Completion after `.` on the stream chain of line 10 (0-based 9), column 5.
  local position = { line = 9, character = 5 }
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = position }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', params, 10000)
  local labels = {}
  for _, response in pairs(responses or {}) do
    local items = response.result and (response.result.items or response.result) or {}
    for _, item in ipairs(items) do table.insert(labels, item.label) end
  end
  results.completion = labels

  -- 3. Go to definition of `Hot` on line 7 (0-based 6), then check where the cursor lands.
  local def_params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = 6, character = 17 } }
  local defs = vim.lsp.buf_request_sync(bufnr, 'textDocument/definition', def_params, 10000)
  for _, response in pairs(defs or {}) do
    local result = response.result
    if result and result[1] then
      vim.lsp.util.jump_to_location(result[1], 'utf-16')
      local cursor = vim.api.nvim_win_get_cursor(0)
      results.definition = { line = cursor[1] - 1, col = cursor[2] }
    end
  end

  -- 4. Rename `Hot` to `Warm` and apply the edit to the buffer.
  local rename_params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = 3, character = 8 }, newName = 'Warm' }
  local renames = vim.lsp.buf_request_sync(bufnr, 'textDocument/rename', rename_params, 10000)
  for _, response in pairs(renames or {}) do
    if response.result then vim.lsp.util.apply_workspace_edit(response.result, 'utf-16') end
  end
  results.lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)

  vim.lsp.stop_client(client_id)
  vim.wait(2000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
end)

if not ok then fail(tostring(err)) end
local f = io.open(os.getenv('VPL_RESULT'), 'w')
f:write(vim.fn.json_encode(results))
f:close()
vim.cmd('qall!')
