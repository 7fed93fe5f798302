/**
 * @file Tree-sitter grammar for .choreo multiparty choreographies.
 *
 * One grammar reads both surface forms of ../shared/spec/LANGUAGE.md:
 *
 *   - the layout form (module/import headers, `protocol P =`, indentation
 *     blocks built from the _indent/_dedent/_newline tokens of the external
 *     scanner in src/scanner.c), and
 *   - the brace form (`#[...]`, `protocol P {` / `choreography P {`,
 *     `{ ... }` blocks, optional `;` terminators).
 *
 * The same construct produces the same node kind in both forms: compound
 * statements are written twice (one rule per form, differing only in how
 * their bodies are delimited) and aliased to one visible name (`choice`,
 * `loop`, `block`, ...). Keywords are contextual: the `word` token is
 * `identifier`, so a keyword is only a keyword where the grammar expects
 * it (`end`, `of`, `at`, `broadcast` ... stay usable as names).
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

/** One or more `rule`s separated by `separator`. */
function sep1(rule, separator) {
  return seq(rule, repeat(seq(separator, rule)));
}

/**
 * A comma-separated list that tolerates a leading comma (the Elm style of
 * real files) and a trailing comma.
 */
function entries(rule) {
  return seq(optional(','), sep1(rule, ','), optional(','));
}

module.exports = grammar({
  name: 'choreo',

  word: $ => $.identifier,

  extras: $ => [/\s/, $.comment],

  externals: $ => [
    $._newline, // a line break at the current block's column (layout form)
    $._indent, // a line break to a deeper column: opens a block
    $._dedent, // a line break to a shallower column: closes one block
    $._paren_text, // raw text up to the matching ')'
    $._brace_text, // raw text up to the matching '}'
    $._angle_text, // raw text up to the matching '>'
    $._error_sentinel, // never valid in a parse state: marks error recovery
  ],

  inline: $ => [
    $._layout_statement,
    $._brace_statement,
    $._send_head,
    $._layout_items,
    $._choice_head,
    $._branch_head,
    $._loop_head,
    $._role,
    $._message,
    $._paren_payload,
    $._receiver,
    $._annotation_key,
  ],

  conflicts: $ => [
    // In the brace form `transfer x to A [` continues the target (an
    // index) or starts the next item's `[k = v]` prefix.
    [$.role_ref, $.runtime_op],
    [$.role_decl],
  ],

  rules: {
    source_file: $ => optional(choice($._layout_file, $._brace_file)),

    // ------------------------------------------------------------------
    // Layout form
    // ------------------------------------------------------------------

    _layout_file: $ => choice(
      seq(
        $.module_header,
        repeat($.import),
        repeat($._layout_top),
      ),
      seq(repeat1($.import), repeat($._layout_top)),
      repeat1($._layout_top),
    ),

    _layout_top: $ => choice(
      alias($._top_layout_protocol, $.protocol),
      $.proof_bundle,
    ),

    // Protocol-level annotations (`@optimize(inline)`, `@verify(...)`)
    // written before a top-level protocol of either form: children of the
    // protocol node. One named rule for both forms, so that the parser
    // need not decide the form before it reaches `=` or `{`.
    // Only the `@name` spellings: a `[` there would be ambiguous after a
    // layout body at column 0.
    _top_layout_protocol: $ => seq(optional($._protocol_prefix), $._layout_protocol),

    _protocol_prefix: $ => repeat1(alias($._at_annotation, $.annotation_prefix)),

    // proof_bundle Name version "v" issuer "did" constraint "c" requires [a, b]
    proof_bundle: $ => seq(
      'proof_bundle',
      field('name', $.identifier),
      repeat(choice(
        seq('version', field('version', $.string)),
        seq('issuer', field('issuer', $.string)),
        seq('constraint', field('constraint', $.string)),
      )),
      optional(seq(
        'requires',
        '[',
        optional(seq(sep1(field('capability', $.identifier), ','), optional(','))),
        ']',
      )),
    ),

    module_header: $ => seq(
      'module',
      field('name', $.module_name),
      optional($._exposing),
    ),

    import: $ => seq(
      'import',
      field('name', $.module_name),
      optional(seq('as', field('alias', $.identifier))),
      optional($._exposing),
    ),

    _exposing: $ => seq(
      'exposing',
      '(',
      optional(field('exposing', alias($._paren_text, $.raw_text))),
      ')',
    ),

    module_name: $ => sep1($.identifier, '.'),

    // The body of the top-level protocol is normally indented; a body whose
    // lines start at column 0 (as in text that lost its indentation) is
    // accepted too; it extends to the end of the file.
    _layout_protocol: $ => seq(
      $._protocol_head,
      '=',
      choice(
        seq(field('body', $._layout_body), optional(field('locals', $.where_clause))),
        field('body', alias($._flat_block, $.block)),
        // `protocol P =` with the opening brace on the next line
        seq($._newline, field('body', $._brace_body), optional(field('locals', $.where_clause))),
      ),
    ),

    _flat_block: $ => seq($._newline, $._layout_items),

    _local_protocol: $ => seq($._protocol_head, '=', field('body', $._layout_body)),

    _protocol_head: $ => seq(
      field('keyword', choice('protocol', 'choreography')),
      field('name', $.identifier),
      optional(field('parameters', $.parameters)),
      optional(field('requires', $.requires)),
    ),

    parameters: $ => seq('(', optional(entries($.role_decl)), ')'),

    requires: $ => seq('requires', sep1($.identifier, ',')),

    where_clause: $ => seq(
      'where',
      choice(
        seq($._indent, sep1(alias($._local_protocol, $.protocol), $._newline), $._dedent),
        seq('{', repeat(alias($._local_protocol, $.protocol)), '}'),
      ),
    ),

    // A block: an indented run of items, or a brace block `{ ... }`
    // (`{}` when empty) whose items follow the brace form's rules, on the
    // same line or on its own line.
    _layout_body: $ => choice(
      alias($._layout_block, $.block),
      $._brace_body,
      seq($._indent, $._brace_body, $._dedent),
    ),

    _layout_block: $ => seq($._indent, $._layout_items, $._dedent),

    _layout_items: $ => sep1($._layout_item, $._newline),

    // The body of a choice branch or a par arm: a block, or a statement on
    // the same line optionally followed by an indented continuation.
    _arm_body: $ => choice(
      $._layout_body,
      alias($._inline_block, $.block),
    ),

    _inline_block: $ => seq(
      $._layout_item,
      optional(seq($._indent, $._layout_items, $._dedent)),
    ),

    _layout_item: $ => choice(
      $._layout_statement,
      $.roles_declaration,
      // prec.right: an annotation followed by more text on its line is
      // the prefix of that text (not of a protocol after a flat body).
      prec.right(seq($.annotation_prefix, optional($._layout_item))),
    ),

    _layout_statement: $ => choice(
      alias($._layout_send, $.send),
      alias($._layout_choice, $.choice),
      alias($._layout_loop, $.loop),
      alias($._layout_rec, $.rec),
      $.continue,
      alias($._layout_par, $.par),
      $.branch_block,
      $.call,
      $.handshake,
      alias($._layout_retry, $.retry),
      $.quorum_collect,
      alias($._layout_heartbeat, $.heartbeat),
      $.runtime_op,
    ),

    // Compound statements of the layout form accept a missing block (and
    // the choice and loop heads a missing operand) so that a statement
    // being typed ends at its line; lowering reports what is missing.
    _layout_choice: $ => prec.right(seq(
      $._choice_head,
      optional(choice(
        seq(
          $._indent,
          sep1(alias($._layout_branch, $.branch), $._newline),
          $._dedent,
        ),
        $._brace_branches,
      )),
    )),

    _layout_branch: $ => seq(
      optional('|'),
      $._branch_head,
      choice('->', '=>'),
      field('body', $._arm_body),
    ),

    _layout_loop: $ => prec.right(seq('loop', optional($._loop_head), optional(field('body', $._layout_body)))),

    _layout_rec: $ => prec.right(seq(
      'rec',
      optional(field('label', $.identifier)),
      optional(field('body', $._layout_body)),
    )),

    _layout_par: $ => prec.right(seq(
      choice('par', 'parallel'),
      optional(choice(
        seq(
          $._indent,
          sep1(seq('|', field('branch', $._arm_body)), $._newline),
          $._dedent,
        ),
        $._brace_arms,
      )),
    )),

    branch_block: $ => prec.right(seq('branch', optional(field('body', $._layout_body)))),

    _layout_retry: $ => prec.right(seq('retry', optional($._retry_head), optional(field('body', $._layout_body)))),

    _layout_heartbeat: $ => seq(
      $._heartbeat_head,
      field('missing', $._layout_body),
      optional($._newline),
      'body',
      field('body', $._layout_body),
    ),

    // ------------------------------------------------------------------
    // Brace form
    // ------------------------------------------------------------------

    // Annotations before the attributes (`@optimize #[namespace = "x"]
    // choreography C {`) are children of the file; lowering gives them to
    // the protocol.
    _brace_file: $ => choice(
      seq(optional($._protocol_prefix), repeat1($.attribute), repeat($._brace_top)),
      repeat1($._brace_top),
    ),

    _brace_top: $ => choice(alias($._top_brace_protocol, $.protocol), $.topology),

    // A deployment topology after the protocol (`topology Dev { mode: local
    // }`): kept as raw text, not interpreted.
    topology: $ => seq(
      'topology',
      field('name', $.identifier),
      '{',
      optional(field('body', alias($._brace_text, $.raw_text))),
      '}',
    ),

    _top_brace_protocol: $ => seq(optional($._protocol_prefix), $._brace_protocol),

    attribute: $ => seq(
      '#',
      '[',
      field('key', $.identifier),
      '=',
      field('value', $._value),
      ']',
    ),

    _brace_protocol: $ => seq(
      $._protocol_head,
      field('body', $._brace_body),
    ),

    _brace_body: $ => alias($._brace_block, $.block),

    _brace_block: $ => seq('{', repeat($._brace_item), '}'),

    _brace_item: $ => choice(
      seq($._brace_statement, optional(';')),
      seq($.roles_declaration, optional(';')),
      $.annotation_prefix,
      alias($._brace_protocol, $.protocol),
    ),

    _brace_statement: $ => choice(
      $.send,
      alias($._brace_choice, $.choice),
      alias($._brace_loop, $.loop),
      alias($._brace_rec, $.rec),
      $.continue,
      alias($._brace_par, $.par),
      $.call,
      $.handshake,
      alias($._brace_retry, $.retry),
      $.quorum_collect,
      alias($._brace_heartbeat, $.heartbeat),
      $.runtime_op,
    ),

    _brace_choice: $ => seq($._choice_head, $._brace_branches),

    _brace_branches: $ => seq('{', repeat(alias($._brace_branch, $.branch)), '}'),

    // A branch body is a block, or (after `->` or `=>`) one statement.
    _brace_branch: $ => seq(
      optional('|'),
      $._branch_head,
      choice(
        seq(choice(':', '->', '=>'), field('body', $._brace_body)),
        seq(choice(':', '->', '=>'), field('body', alias($._single_statement, $.block))),
      ),
      optional(choice(',', ';')),
    ),

    _brace_loop: $ => seq('loop', optional($._loop_head), field('body', $._brace_body)),

    _brace_rec: $ => seq('rec', field('label', $.identifier), field('body', $._brace_body)),

    _brace_par: $ => seq(choice('parallel', 'par'), $._brace_arms),

    _brace_arms: $ => seq(
      '{',
      optional('|'),
      sep1(field('branch', choice(alias($._brace_arm, $.block), $._brace_body)), '|'),
      '}',
    ),

    _brace_arm: $ => repeat1($._brace_item),

    // A branch body of one statement (a block of one item in the tree).
    _single_statement: $ => $._brace_statement,

    _brace_retry: $ => seq('retry', $._retry_head, field('body', $._brace_body)),

    _brace_heartbeat: $ => seq(
      $._heartbeat_head,
      field('missing', $._brace_body),
      'body',
      field('body', $._brace_body),
    ),

    // ------------------------------------------------------------------
    // Shared by both forms
    // ------------------------------------------------------------------

    roles_declaration: $ => prec.right(seq('roles', optional(':'), entries($.role_decl))),

    // In the brace form, `roles A [` continues the declaration (a family
    // size) or starts a `[@k = v]` prefix on the next line (`roles: A, B`
    // without a `;`): a declared conflict, settled by the token after `[`.
    role_decl: $ => seq(
      field('name', $.identifier),
      optional(field('size', $.family_size)),
    ),

    family_size: $ => seq('[', choice($.wildcard, $.integer, $.identifier), ']'),

    wildcard: _ => '*',

    // A role reference. A plain name is a role_ref leaf (no reduction
    // and no child node: most sends name two roles, so this is a large part
    // of a file's nodes); an indexed one has the name and index children.
    _role: $ => choice(alias($.identifier, $.role_ref), $.role_ref),

    role_ref: $ => seq(
      field('name', $.identifier),
      field('index', $.index),
    ),

    index: $ => seq(
      '[',
      choice($.wildcard, $.integer, $.identifier, $.range),
      ']',
    ),

    // Annotations on the receiver of a send: `-> B[@k = v]`, also after an
    // index (`-> B[i][@k = v]`). Only the bracket spelling: a `{` after the
    // receiver would read as a brace block.
    receiver_annotations: $ => seq('[', entries($.annotation), ']'),

    range: $ => seq(
      field('from', choice($.integer, $.identifier)),
      '..',
      field('to', choice($.integer, $.identifier)),
    ),

    // @name, @name(args), or a bracket of entries [@k = v] before a statement.
    annotation_prefix: $ => choice(
      $._at_annotation,
      seq('[', entries($.annotation), ']'),
    ),

    _at_annotation: $ => seq(
      '@',
      field('name', $.identifier),
      optional(seq('(', optional(field('arguments', alias($._paren_text, $.raw_text))), ')')),
    ),

    // A send in the brace form. The ':' is optional so that `A -> B Msg`
    // keeps its structure; lowering reports it.
    send: $ => seq(
      $._send_head,
      choice(
        seq(field('arrow', '->'), $._receiver),
        field('arrow', '->*'),
      ),
      optional(':'),
      field('message', $._message),
    ),

    _receiver: $ => seq(
      field('receiver', $._role),
      optional(field('receiver_annotations', $.receiver_annotations)),
    ),

    // A send in the layout form, where a line break ends the statement:
    // everything after the arrow is optional so that a send being typed
    // (`A ->`, `A -> B`, `A -> B :`) ends at its line and lowering can say
    // exactly what is missing, instead of swallowing the next line.
    _layout_send: $ => seq(
      $._send_head,
      choice(
        seq(
          field('arrow', '->'),
          $._receiver,
          optional(':'),
          optional(field('message', $._message)),
        ),
        seq(field('arrow', '->'), optional(seq(':', optional(field('message', $._message))))),
        seq(field('arrow', '->*'), optional(':'), optional(field('message', $._message))),
      ),
    ),

    _send_head: $ => seq(
      field('sender', $._role),
      optional(field('annotations', $.annotation_list)),
    ),

    annotation_list: $ => choice(
      seq('[', entries($.annotation), ']'),
      seq('{', entries($.annotation), '}'),
    ),

    // `key = value`, `key: value`, `@key = value`, or a bare `@flag`; a key
    // may be quoted (`@"key with spaces" = v`). A bare entry needs its `@`:
    // `A[x]` is an index.
    annotation: $ => choice(
      seq(
        optional('@'),
        field('key', $._annotation_key),
        field('separator', choice('=', ':')),
        field('value', $._value),
      ),
      seq('@', field('key', $._annotation_key)),
    ),

    _annotation_key: $ => choice($.identifier, $.string),

    _message: $ => choice(alias($.identifier, $.message), $.message),

    message: $ => seq(
      field('name', $.identifier),
      choice(
        field('payload', choice(
          $._paren_payload,
          $.brace_payload,
          $.generic_payload,
          $.of_payload,
        )),
        // A type list, then a payload: `Request<String>(data)`.
        seq(
          field('type', $.generic_payload),
          field('payload', choice($._paren_payload, $.brace_payload)),
        ),
      ),
    ),

    // A payload in parentheses on one line, without nested parentheses or
    // strings, is one token (a paren_payload leaf: most payloads are like
    // this, and a token is cheaper than three); the others are read by the
    // external scanner, which matches nested brackets and skips strings.
    _paren_payload: $ => choice(alias($._simple_paren_payload, $.paren_payload), $.paren_payload),

    _simple_paren_payload: _ => token(seq('(', /[^()"\n]*/, ')')),

    paren_payload: $ => seq('(', optional(alias($._paren_text, $.raw_text)), ')'),

    brace_payload: $ => seq('{', optional(alias($._brace_text, $.raw_text)), '}'),

    generic_payload: $ => seq('<', optional(alias($._angle_text, $.raw_text)), '>'),

    of_payload: $ => seq('of', $.type_path),

    // A Rust-style path (`crate.handlers.Response`, `crate::Msg`), written
    // without spaces as in LANGUAGE.md: one token.
    type_path: _ => token(seq(
      /[A-Za-z_][A-Za-z0-9_]*/,
      repeat(seq(choice('.', '::'), /[A-Za-z_][A-Za-z0-9_]*/)),
    )),

    _choice_head: $ => choice(
      seq(field('keyword', 'choice'), optional('at'), optional(field('decider', $._role))),
      seq(field('keyword', 'choice'), field('decider', $._role), 'at'),
      seq(field('keyword', 'case'), 'choose', field('decider', $._role), 'of'),
      seq(
        field('keyword', 'timed_choice'),
        'at',
        field('decider', $._role),
        '(',
        field('timeout', $.duration),
        ')',
      ),
      seq(
        field('keyword', 'timed_choice'),
        field('decider', $._role),
        'at',
        '(',
        field('timeout', $.duration),
        ')',
      ),
    ),

    _branch_head: $ => seq(
      field('label', $.identifier),
      optional(seq('when', '(', optional(field('guard', alias($._paren_text, $.raw_text))), ')')),
    ),

    _loop_head: $ => choice(
      seq(field('kind', 'decide'), optional('by'), optional(field('decider', $._role))),
      seq(field('kind', 'repeat'), optional(field('count', choice($.integer, $.identifier)))),
      seq(field('kind', 'while'), optional(field('predicate', $.string))),
      field('kind', 'forever'),
      seq('(', entries(field('option', $.property)), ')'),
    ),

    property: $ => seq(
      field('key', $.identifier),
      ':',
      field('value', $._value),
    ),

    continue: $ => seq('continue', field('label', $.identifier)),

    call: $ => seq('call', field('name', $.identifier)),

    handshake: $ => seq(
      'handshake',
      field('left', $._role),
      '<->',
      field('right', $._role),
      ':',
      field('label', $.identifier),
    ),

    _retry_head: $ => field('count', choice($.integer, $.identifier)),

    quorum_collect: $ => seq(
      'quorum_collect',
      field('family', $._role),
      '->',
      field('receiver', $._role),
      'min',
      field('min', $.integer),
      ':',
      field('message', $._message),
    ),

    _heartbeat_head: $ => seq(
      'heartbeat',
      field('from', $._role),
      '->',
      field('to', $._role),
      'every',
      field('every', $.duration),
      'on_missing',
      '(',
      field('on_missing', $.integer),
      ')',
    ),

    runtime_op: $ => choice(
      seq(field('op', 'acquire'), field('layer', $.identifier), 'as', field('name', $.identifier)),
      seq(field('op', 'release'), field('layer', $.identifier), 'using', field('name', $.identifier)),
      seq(field('op', 'fork'), field('name', $.identifier)),
      field('op', 'join'),
      field('op', 'abort'),
      seq(
        field('op', choice('transfer', 'delegate')),
        field('name', $.identifier),
        'to',
        field('target', $._role),
        optional(seq('with', 'bundle', field('bundle', $.identifier))),
      ),
      seq(field('op', 'tag'), field('name', $.identifier), 'as', field('tag', $.identifier)),
      seq(
        field('op', 'check'),
        field('name', $.identifier),
        'for',
        field('target', $._role),
        'into',
        field('into', $.identifier),
      ),
    ),

    // ------------------------------------------------------------------
    // Values and tokens
    // ------------------------------------------------------------------

    _value: $ => choice(
      $.string,
      $.integer,
      $.duration,
      $.boolean,
      $.identifier,
      $.list,
      $.tuple,
    ),

    list: $ => seq('[', optional(entries($._value)), ']'),

    tuple: $ => seq('(', entries($._value), ')'),

    boolean: _ => choice('true', 'false'),

    string: _ => token(seq('"', repeat(choice(/[^"\\\n]/, /\\./)), '"')),

    // A leading minus sign is read so that a negative count, index or
    // value gets a diagnostic that says what is wrong with it.
    integer: _ => /-?\d+/,

    duration: _ => /\d+(ms|s|m|h)/,

    identifier: _ => /[A-Za-z_][A-Za-z0-9_]*/,

    comment: _ => token(choice(
      seq('--', /.*/),
      seq('//', /.*/),
      seq('{-', /[^-]*-+([^}-][^-]*-+)*/, '}'),
      seq('/*', /[^*]*\*+([^/*][^*]*\*+)*/, '/'),
    )),
  },
});
