/*
 * External scanner for tree-sitter-vpl.
 *
 * It produces the tokens that a context-free lexer cannot:
 *
 *   _indent / _dedent  Layout of block bodies (vpl-language.md §4.3). The parser asks for them only
 *                      right after the `:` of a block header (event, fn, if/elif/else, for, while,
 *                      `config:`) and where a statement inside a block may end; inside brackets it
 *                      never does, which gives the bracket rule for free. Blank lines and lines that
 *                      hold only comments are invisible; a line that starts inside a block comment
 *                      has no layout effect; a header whose brackets span several lines opens its
 *                      block at the line that ends with `:` (L45). Both tokens are zero-width and sit
 *                      right after the previous token, like Python's layout tokens, so that comments
 *                      after the end of a block are not pulled into it.
 *   _op_dot            A `.` followed (after whitespace and comments) by an operation name and `(`,
 *                      or by `emit as` (§8.6, §14.8, L41). Restricted filter expressions accept only
 *                      the plain `.`, so such a dot always ends the filter of a followed-by step.
 *   integer, float,    Numeric and timestamp literals, with the token-boundary rule of §3.12: a
 *   duration,          literal immediately followed by a word character (or by `.` and a digit) is
 *   timestamp          one malformed token, `invalid_literal`, which no rule accepts.
 *
 * The state is the stack of block indentation columns (a tab counts as one column).
 */

#include "tree_sitter/alloc.h"
#include "tree_sitter/parser.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

enum TokenType {
  INDENT,
  DEDENT,
  OP_DOT,
  INTEGER,
  FLOAT,
  DURATION,
  TIMESTAMP,
  INVALID_LITERAL,
  RECOVERY_BOUNDARY,
  STREAM_KEYWORD,
  EVENT_KEYWORD,
  TYPE_KEYWORD,
  CONNECTOR_KEYWORD,
  CONTEXT_KEYWORD,
  CONFIG_KEYWORD,
  PATTERN_KEYWORD,
  EMIT_KEYWORD,
  NEVER,
};

/* Deeper nesting than this is far beyond the reference's bracket limit of 24 (§2). */
#define MAX_INDENTS 256

typedef struct {
  uint16_t indents[MAX_INDENTS];
  uint32_t count; /* indents[0] is always the base column 0 */
} Scanner;

static inline void advance(TSLexer *lexer) { lexer->advance(lexer, false); }

static inline void skip(TSLexer *lexer) { lexer->advance(lexer, true); }

static inline bool is_digit(int32_t c) { return c >= '0' && c <= '9'; }

static inline bool is_word_start(int32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static inline bool is_word_char(int32_t c) { return is_word_start(c) || is_digit(c); }

/* ---- Operation names (§3.5) ---- */

static const char *const OPERATION_NAMES[] = {
    "aggregate", "all",     "allowed_lateness", "any",        "collect", "concurrent",
    "context",   "distinct", "emit",            "enrich",     "filter",  "first",
    "forecast",  "fork",    "having",           "limit",      "log",     "map",
    "not",       "on",      "on_error",         "order_by",   "partition_by", "pattern",
    "print",     "process", "score",            "select",     "tap",     "to",
    "trend_aggregate", "watermark", "where",    "window",     "within",
};

static bool is_operation_name(const char *word) {
  for (size_t i = 0; i < sizeof(OPERATION_NAMES) / sizeof(OPERATION_NAMES[0]); i++) {
    if (strcmp(word, OPERATION_NAMES[i]) == 0) return true;
  }
  return false;
}

/* ---- Comments ---- */

typedef enum { COMMENT_UNTERMINATED, COMMENT_ONE_LINE, COMMENT_MULTI_LINE } BlockCommentEnd;

/* Consumes the rest of a block comment whose opening slash and star are already consumed. */
static BlockCommentEnd consume_block_comment(TSLexer *lexer, bool as_whitespace) {
  bool multi_line = false;
  for (;;) {
    if (lexer->eof(lexer)) return COMMENT_UNTERMINATED;
    int32_t c = lexer->lookahead;
    lexer->advance(lexer, as_whitespace);
    if (c == '\n') {
      multi_line = true;
    } else if (c == '*' && lexer->lookahead == '/') {
      lexer->advance(lexer, as_whitespace);
      return multi_line ? COMMENT_MULTI_LINE : COMMENT_ONE_LINE;
    }
  }
}

/*
 * Skips whitespace and comments while looking ahead past the end of a token that is already
 * marked. Returns false at an unterminated block comment or at a `/` that starts no comment.
 */
static bool lookahead_past_trivia(TSLexer *lexer) {
  for (;;) {
    int32_t c = lexer->lookahead;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      advance(lexer);
    } else if (c == '#') {
      while (!lexer->eof(lexer) && lexer->lookahead != '\n') advance(lexer);
    } else if (c == '/') {
      advance(lexer);
      if (lexer->lookahead != '*') return false;
      advance(lexer);
      if (consume_block_comment(lexer, false) == COMMENT_UNTERMINATED) return false;
    } else {
      return true;
    }
  }
}

/* Reads a word of at most `size - 1` characters; a longer word reads as the empty string. */
static void read_word(TSLexer *lexer, char *buffer, size_t size) {
  size_t length = 0;
  bool too_long = false;
  while (is_word_char(lexer->lookahead)) {
    if (length + 1 < size) {
      buffer[length++] = (char)lexer->lookahead;
    } else {
      too_long = true;
    }
    advance(lexer);
  }
  buffer[too_long ? 0 : length] = '\0';
}

/* ---- Operation dot ---- */

/* The lexer is at a `.`. */
static bool scan_op_dot(TSLexer *lexer) {
  advance(lexer);
  lexer->mark_end(lexer);
  if (!lookahead_past_trivia(lexer)) return false;
  char word[24];
  read_word(lexer, word, sizeof word);
  if (!is_operation_name(word)) return false;
  if (!lookahead_past_trivia(lexer)) return false;
  if (lexer->lookahead == '(') {
    lexer->result_symbol = OP_DOT;
    return true;
  }
  if (strcmp(word, "emit") == 0) {
    char next[4];
    read_word(lexer, next, sizeof next);
    if (strcmp(next, "as") == 0) {
      lexer->result_symbol = OP_DOT;
      return true;
    }
  }
  return false;
}

/* ---- Literals ---- */

/*
 * After a well-formed literal that ends at the marked position: a word character, or `.` and a
 * digit, makes the whole run one malformed literal (§3.12). Returns the symbol to produce.
 */
static enum TokenType check_literal_boundary(TSLexer *lexer, enum TokenType symbol, bool timestamp) {
  bool malformed = false;
  for (;;) {
    int32_t c = lexer->lookahead;
    if (is_word_char(c) || (timestamp && c == ':')) {
      advance(lexer);
      lexer->mark_end(lexer);
      malformed = true;
    } else if (c == '.') {
      advance(lexer);
      if (is_digit(lexer->lookahead) || (timestamp && is_word_char(lexer->lookahead))) {
        malformed = true;
        continue;
      }
      if (timestamp) {
        /* `@2025-01-01.` is malformed as well. */
        lexer->mark_end(lexer);
        malformed = true;
      }
      break;
    } else {
      break;
    }
  }
  return malformed ? INVALID_LITERAL : symbol;
}

static bool scan_number(TSLexer *lexer) {
  while (is_digit(lexer->lookahead)) advance(lexer);
  lexer->mark_end(lexer);
  enum TokenType symbol = INTEGER;

  if (lexer->lookahead == '.') {
    advance(lexer);
    if (!is_digit(lexer->lookahead)) {
      /* `1..5`, `1.x`: the integer ends before the dot. */
      lexer->result_symbol = INTEGER;
      return true;
    }
    while (is_digit(lexer->lookahead)) advance(lexer);
    lexer->mark_end(lexer);
    symbol = FLOAT;
    if (lexer->lookahead == 'e' || lexer->lookahead == 'E') {
      advance(lexer);
      if (lexer->lookahead == '+' || lexer->lookahead == '-') advance(lexer);
      if (is_digit(lexer->lookahead)) {
        while (is_digit(lexer->lookahead)) advance(lexer);
        lexer->mark_end(lexer);
      } else {
        /* `1.0e` or `1.0e+`: a letter right after a float. */
        lexer->mark_end(lexer);
        while (is_word_char(lexer->lookahead)) {
          advance(lexer);
          lexer->mark_end(lexer);
        }
        lexer->result_symbol = INVALID_LITERAL;
        return true;
      }
    }
  } else {
    /* Duration suffixes, longest first: ns us ms s m h d. */
    int32_t c = lexer->lookahead;
    if (c == 'n' || c == 'u') {
      advance(lexer);
      if (lexer->lookahead == 's') {
        advance(lexer);
        lexer->mark_end(lexer);
        symbol = DURATION;
      }
    } else if (c == 'm') {
      advance(lexer);
      if (lexer->lookahead == 's') advance(lexer);
      lexer->mark_end(lexer);
      symbol = DURATION;
    } else if (c == 's' || c == 'h' || c == 'd') {
      advance(lexer);
      lexer->mark_end(lexer);
      symbol = DURATION;
    }
    if (symbol == INTEGER && is_word_start(c)) {
      /* `5n`, `5x`: the letters already consumed belong to the malformed literal. */
      lexer->mark_end(lexer);
      symbol = INVALID_LITERAL;
    }
  }

  lexer->result_symbol = check_literal_boundary(lexer, symbol, false);
  return true;
}

static bool scan_digits(TSLexer *lexer, int count) {
  for (int i = 0; i < count; i++) {
    if (!is_digit(lexer->lookahead)) return false;
    advance(lexer);
  }
  return true;
}

/* `@YYYY-MM-DD` with an optional `Thh:mm:ss` and an optional `Z` or `±hh:mm` (§3.8). */
static bool scan_timestamp(TSLexer *lexer) {
  advance(lexer); /* @ */
  bool ok = scan_digits(lexer, 4) && lexer->lookahead == '-';
  if (ok) advance(lexer);
  ok = ok && scan_digits(lexer, 2) && lexer->lookahead == '-';
  if (ok) advance(lexer);
  ok = ok && scan_digits(lexer, 2);
  if (!ok) {
    lexer->mark_end(lexer);
    lexer->result_symbol = INVALID_LITERAL;
    return true;
  }
  lexer->mark_end(lexer);
  if (lexer->lookahead == 'T') {
    advance(lexer);
    ok = scan_digits(lexer, 2) && lexer->lookahead == ':';
    if (ok) advance(lexer);
    ok = ok && scan_digits(lexer, 2) && lexer->lookahead == ':';
    if (ok) advance(lexer);
    ok = ok && scan_digits(lexer, 2);
    lexer->mark_end(lexer);
    if (!ok) {
      check_literal_boundary(lexer, INVALID_LITERAL, true);
      lexer->result_symbol = INVALID_LITERAL;
      return true;
    }
    if (lexer->lookahead == 'Z') {
      advance(lexer);
      lexer->mark_end(lexer);
    } else if (lexer->lookahead == '+' || lexer->lookahead == '-') {
      /* An offset only when complete; otherwise the sign is an operator. */
      advance(lexer);
      if (scan_digits(lexer, 2) && lexer->lookahead == ':') {
        advance(lexer);
        if (scan_digits(lexer, 2)) lexer->mark_end(lexer);
      }
    }
  }
  lexer->result_symbol = check_literal_boundary(lexer, TIMESTAMP, true);
  return true;
}

/* ---- Top-level declarations and error recovery ---- */

/* Where the lookahead stopped after the whitespace and comments that follow the previous token. */
typedef struct {
  bool found_newline;   /* a line break was crossed */
  bool crossed_comment; /* a comment (or a leading `/`) was consumed: only extras may follow now */
  bool in_comment_line; /* the current line starts inside a block comment */
  uint32_t column;      /* indentation of the current line (a tab counts as one column) */
  int32_t first_comment_column; /* column of the first comment line after the break, or -1 */
} Lookahead;

static inline void skip_inline_space(TSLexer *lexer) {
  while (lexer->lookahead == ' ' || lexer->lookahead == '\t') advance(lexer);
}

/* Reads a Name: an identifier or a template identifier (`Lane{lane}Trips`, §3.4). */
static bool read_name(TSLexer *lexer) {
  if (!is_word_start(lexer->lookahead)) return false;
  for (;;) {
    if (is_word_char(lexer->lookahead)) {
      advance(lexer);
    } else if (lexer->lookahead == '{') {
      advance(lexer);
      if (!is_word_start(lexer->lookahead)) return false;
      while (is_word_char(lexer->lookahead)) advance(lexer);
      if (lexer->lookahead != '}') return false;
      advance(lexer);
    } else {
      return true;
    }
  }
}

/* `:` but not `:=`. */
static bool at_single_colon(TSLexer *lexer) {
  if (lexer->lookahead != ':') return false;
  advance(lexer);
  return lexer->lookahead != '=';
}

/* After a Name: `=` but not `==`. */
static bool at_single_equals(TSLexer *lexer) {
  skip_inline_space(lexer);
  if (lexer->lookahead != '=') return false;
  advance(lexer);
  return lexer->lookahead != '=';
}

/* The declaration words, in the order of their tokens (STREAM_KEYWORD first). */
static const char *const DECLARATION_WORDS[] = {
    "stream", "event", "type", "connector", "context", "config", "pattern", "emit",
};
#define DECLARATION_WORD_COUNT (sizeof(DECLARATION_WORDS) / sizeof(DECLARATION_WORDS[0]))

/* Index of a declaration word in DECLARATION_WORDS, or -1. */
static int declaration_word(const char *word) {
  for (size_t i = 0; i < DECLARATION_WORD_COUNT; i++) {
    if (strcmp(word, DECLARATION_WORDS[i]) == 0) return (int)i;
  }
  return -1;
}

/*
 * After a declaration word (or `fn`): whether the words that follow have the shape of that
 * declaration, as the Langium lexer decides whether the word is a keyword (vpl-lexer.ts):
 * `stream N =`/`stream N:`, `event N:`/`event N extends`, `type N =`, `connector N =`,
 * `context N` (same line), `config:`/`config N {`, `pattern N =`, `emit N(`, `fn N(`.
 * Consumes what it reads.
 */
static bool has_declaration_shape(TSLexer *lexer, const char *word) {
  skip_inline_space(lexer);
  if (strcmp(word, "config") == 0) {
    if (lexer->lookahead == ':') return at_single_colon(lexer);
    if (!read_name(lexer)) return false;
    skip_inline_space(lexer);
    return lexer->lookahead == '{';
  }
  if (!read_name(lexer)) return false;
  if (strcmp(word, "context") == 0) return true;
  skip_inline_space(lexer);
  if (strcmp(word, "fn") == 0 || strcmp(word, "emit") == 0) return lexer->lookahead == '(';
  if (strcmp(word, "event") == 0) {
    if (lexer->lookahead == ':') return at_single_colon(lexer);
    char next[8];
    read_word(lexer, next, sizeof next);
    return strcmp(next, "extends") == 0;
  }
  if (strcmp(word, "stream") == 0 && lexer->lookahead == ':') return at_single_colon(lexer);
  return at_single_equals(lexer);
}

/* A top-level declaration starts here: a declaration word (or `fn`) with its shape. */
static bool at_declaration(TSLexer *lexer) {
  char word[12];
  read_word(lexer, word, sizeof word);
  /* `emit N(...)` is a statement that may appear in any block, not a declaration. */
  if (strcmp(word, "fn") != 0 && (declaration_word(word) < 0 || strcmp(word, "emit") == 0)) {
    return false;
  }
  return has_declaration_shape(lexer, word);
}

static bool scan_literal(TSLexer *lexer, const bool *valid_symbols);

/*
 * While the parser recovers from an error (every external is valid then), layout is not tracked:
 * tree-sitter refuses empty tokens during recovery. A run of line breaks that ends at a declaration
 * in column 0 becomes a RECOVERY_BOUNDARY token, not empty since it covers the line breaks, valid
 * only between top-level statements: the parser resumes there.
 */
static bool scan_while_recovering(Scanner *scanner, TSLexer *lexer, const bool *valid_symbols) {
  while (lexer->lookahead == ' ' || lexer->lookahead == '\t' || lexer->lookahead == '\r' ||
         lexer->lookahead == 0xFEFF) {
    skip(lexer);
  }
  bool crossed_newline = lexer->lookahead == '\n';
  if (crossed_newline) {
    while (lexer->lookahead == '\n' || lexer->lookahead == ' ' || lexer->lookahead == '\t' ||
           lexer->lookahead == '\r') {
      advance(lexer);
    }
    if (lexer->get_column(lexer) == 0 && is_word_start(lexer->lookahead)) {
      lexer->mark_end(lexer);
      if (!at_declaration(lexer)) return false;
      scanner->count = 1; /* a declaration in column 0 is outside every block */
      lexer->result_symbol = RECOVERY_BOUNDARY;
      return true;
    }
    /* A literal first on its line includes the line breaks before it (it could not be lexed at all
     * otherwise: the internal lexer has no numeric tokens); words are left to the internal lexer. */
  }
  if (is_word_start(lexer->lookahead)) {
    if (crossed_newline) return false;
    /* Declaration keywords stay keywords inside ERROR nodes, and the parser may resume at them. */
    char word[12];
    read_word(lexer, word, sizeof word);
    int index = declaration_word(word);
    if (index < 0) return false;
    lexer->mark_end(lexer);
    if (!has_declaration_shape(lexer, word)) return false;
    lexer->result_symbol = (TSSymbol)(STREAM_KEYWORD + index);
    return true;
  }
  return scan_literal(lexer, valid_symbols);
}

/* ---- Layout ---- */

static inline uint16_t top(const Scanner *scanner) { return scanner->indents[scanner->count - 1]; }


/*
 * Skips whitespace and, after a line break, comment lines, up to the first significant character.
 * A comment on the line of the previous token stops the scan: it is lexed as an extra first.
 */
static void skip_trivia(TSLexer *lexer, Lookahead *ahead) {
  bool line_has_content = false; /* a comment or code seen on the current line */
  ahead->found_newline = false;
  ahead->crossed_comment = false;
  ahead->in_comment_line = false;
  ahead->column = 0;
  ahead->first_comment_column = -1;
  for (;;) {
    if (lexer->eof(lexer)) return;
    int32_t c = lexer->lookahead;
    if (c == '\n') {
      ahead->found_newline = true;
      ahead->in_comment_line = false;
      ahead->column = 0;
      line_has_content = false;
      skip(lexer);
    } else if (c == ' ' || c == '\t') {
      if (!line_has_content) ahead->column++;
      skip(lexer);
    } else if (c == '\r' || c == 0xFEFF) {
      skip(lexer);
    } else if (c == '#' || c == '/') {
      if (!ahead->found_newline) {
        if (c == '#') ahead->crossed_comment = true;
        return; /* a trailing comment, or the `/` operator */
      }
      if (c == '/') {
        skip(lexer);
        if (lexer->lookahead != '*') {
          /* A line that starts with the `/` operator, now consumed. */
          ahead->crossed_comment = true;
          return;
        }
        skip(lexer);
      }
      if (!line_has_content && ahead->first_comment_column < 0) {
        ahead->first_comment_column = (int32_t)ahead->column;
      }
      line_has_content = true;
      ahead->crossed_comment = true;
      if (c == '#') {
        while (!lexer->eof(lexer) && lexer->lookahead != '\n') skip(lexer);
      } else {
        BlockCommentEnd end = consume_block_comment(lexer, true);
        if (end == COMMENT_UNTERMINATED) return;
        if (end == COMMENT_MULTI_LINE) ahead->in_comment_line = true;
      }
    } else {
      return;
    }
  }
}

/* Decides whether a layout token goes at the end of the previous token (§4.3). */
static bool scan_layout(Scanner *scanner, TSLexer *lexer, const bool *valid_symbols,
                        const Lookahead *ahead) {
  if (lexer->eof(lexer)) {
    if (valid_symbols[DEDENT] && scanner->count > 1) {
      scanner->count--;
      lexer->result_symbol = DEDENT;
      return true;
    }
    return false;
  }
  if (!ahead->found_newline || ahead->in_comment_line) return false;

  if (valid_symbols[INDENT] && ahead->column > top(scanner)) {
    if (scanner->count < MAX_INDENTS) {
      scanner->indents[scanner->count++] =
          (uint16_t)(ahead->column > UINT16_MAX ? UINT16_MAX : ahead->column);
      lexer->result_symbol = INDENT;
      return true;
    }
    return false;
  }
  /* A comment line still indented at the block's level stays in the block: dedent after it. */
  if (valid_symbols[DEDENT] && scanner->count > 1 && ahead->column < top(scanner) &&
      ahead->first_comment_column < (int32_t)top(scanner)) {
    scanner->count--;
    lexer->result_symbol = DEDENT;
    return true;
  }
  return false;
}

/*
 * At a word, in normal parsing. Produces a declaration keyword when that keyword is valid here and
 * the line has the declaration's shape; otherwise the word is left to the internal lexer, which
 * makes it an identifier. When a line in column 0 has the shape of a top-level declaration although
 * no top-level statement may start here (an unclosed bracket, an unfinished statement), produces
 * the zero-width RECOVERY_BOUNDARY instead: a syntax error right there, from which the parser
 * resumes at the declaration rather than reading the rest of the file as the unfinished construct.
 */
static bool scan_word(Scanner *scanner, TSLexer *lexer, const bool *valid_symbols, const Lookahead *ahead) {
  bool keyword_valid = false;
  for (size_t i = 0; i < DECLARATION_WORD_COUNT; i++) keyword_valid |= valid_symbols[STREAM_KEYWORD + i];
  bool force_boundary = ahead->found_newline && ahead->column == 0 && !ahead->in_comment_line &&
                        !valid_symbols[RECOVERY_BOUNDARY];
  if (!keyword_valid && !force_boundary) return false;

  lexer->mark_end(lexer); /* where a zero-width RECOVERY_BOUNDARY ends */
  char word[12];
  read_word(lexer, word, sizeof word);
  int index = declaration_word(word);
  if (index >= 0 && valid_symbols[STREAM_KEYWORD + index]) {
    lexer->mark_end(lexer);
    if (!has_declaration_shape(lexer, word)) return false;
    lexer->result_symbol = (TSSymbol)(STREAM_KEYWORD + index);
    return true;
  }
  if (!force_boundary) return false;
  if (strcmp(word, "fn") != 0 && (index < 0 || strcmp(word, "emit") == 0)) return false;
  if (!has_declaration_shape(lexer, word)) return false;
  scanner->count = 1; /* a declaration in column 0 is outside every block */
  lexer->result_symbol = RECOVERY_BOUNDARY;
  return true;
}

/* The operation dot, a number or a timestamp, whichever starts here and is valid. */
static bool scan_literal(TSLexer *lexer, const bool *valid_symbols) {
  int32_t c = lexer->lookahead;
  if (c == '.' && valid_symbols[OP_DOT]) return scan_op_dot(lexer);
  if (is_digit(c) && (valid_symbols[INTEGER] || valid_symbols[FLOAT] || valid_symbols[DURATION])) {
    return scan_number(lexer);
  }
  if (c == '@' && valid_symbols[TIMESTAMP]) return scan_timestamp(lexer);
  return false;
}

/* ---- Entry points ---- */

void *tree_sitter_vpl_external_scanner_create(void) {
  Scanner *scanner = ts_calloc(1, sizeof(Scanner));
  scanner->count = 1;
  return scanner;
}

void tree_sitter_vpl_external_scanner_destroy(void *payload) { ts_free(payload); }

unsigned tree_sitter_vpl_external_scanner_serialize(void *payload, char *buffer) {
  Scanner *scanner = (Scanner *)payload;
  unsigned size = 0;
  /* indents[0] is always 0 and is not written. */
  for (uint32_t i = 1; i < scanner->count; i++) {
    if (size + 2 > TREE_SITTER_SERIALIZATION_BUFFER_SIZE) break;
    buffer[size++] = (char)(scanner->indents[i] & 0xFF);
    buffer[size++] = (char)(scanner->indents[i] >> 8);
  }
  return size;
}

void tree_sitter_vpl_external_scanner_deserialize(void *payload, const char *buffer, unsigned length) {
  Scanner *scanner = (Scanner *)payload;
  scanner->indents[0] = 0;
  scanner->count = 1;
  for (unsigned i = 0; i + 1 < length && scanner->count < MAX_INDENTS; i += 2) {
    scanner->indents[scanner->count++] =
        (uint16_t)((uint8_t)buffer[i] | ((uint16_t)(uint8_t)buffer[i + 1] << 8));
  }
}

bool tree_sitter_vpl_external_scanner_scan(void *payload, TSLexer *lexer, const bool *valid_symbols) {
  Scanner *scanner = (Scanner *)payload;
  /* No rule accepts INVALID_LITERAL: when it is valid, every external is, i.e. error recovery. */
  bool error_recovery = valid_symbols[INVALID_LITERAL];

  if (error_recovery) return scan_while_recovering(scanner, lexer, valid_symbols);

  /* Layout tokens and the recovery boundary are zero-width, at the end of the previous token or
   * at the start of the declaration. */
  lexer->mark_end(lexer);
  Lookahead ahead;
  skip_trivia(lexer, &ahead);
  if ((valid_symbols[INDENT] || valid_symbols[DEDENT]) &&
      scan_layout(scanner, lexer, valid_symbols, &ahead)) {
    return true;
  }
  /* Comments must be lexed as extras before anything else can be recognised after them. */
  if (ahead.crossed_comment) return false;

  if (is_word_start(lexer->lookahead)) return scan_word(scanner, lexer, valid_symbols, &ahead);
  return scan_literal(lexer, valid_symbols);
}
