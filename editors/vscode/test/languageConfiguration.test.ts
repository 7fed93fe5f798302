// The indentation rules of language-configuration.json on lines of both
// surface forms: which lines open a block (the next line is indented) and
// which close one.

import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import assert from "node:assert/strict";

const config = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "language-configuration.json"), "utf8"));
const increase = new RegExp(config.indentationRules.increaseIndentPattern);
const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);

describe("increaseIndentPattern", () => {
  const opens = [
    "protocol Auction =",
    "  protocol Local =",
    "  choice at Seller",
    "  case choose Participants[*] of",
    "    | accept ->",
    "    accept ->",
    "    | commit when (votes > quorum) ->",
    "    | abort =>",
    "  loop decide by Producer",
    "  loop repeat 3",
    "  loop while \"queue not empty\"",
    "  loop forever",
    "  rec Forward",
    "  par",
    "  branch",
    "where",
    "  retry 3",
    "  timed_choice at Server(500ms)",
    "  heartbeat A -> B every 5s on_missing(3)",
    "  body",
    "  Coordinator {",
    '  Witness[*][ leak = "a -- b" ] -> Pool[',
    "protocol AntiEntropy {",
    "    choice B {",
    "        accept: {",
    "  choice at Seller -- the seller decides",
  ];
  for (const line of opens) test(`opens: ${line.trim()}`, () => assert.match(line, increase));

  const plain = [
    "  Buyer -> Seller : Bid(amount: u64)",
    "  roles Buyer, Seller, Shipper",
    "    -> Witness[*] : SignRequest of crate.consensus.SignRequest",
    "  continue Forward",
    "  call Hello",
    "    A -> B: Delta(data: Vec<u8>);",
    "  -- a comment that ends with ->",
    "  // a comment that ends with {",
    "  A -> B : M -- then a comment ending with =",
    '  A[k = "x ->"] -> B : M',
    "  @parallel",
    "module auction exposing (Auction)",
  ];
  for (const line of plain) test(`does not open: ${line.trim()}`, () => assert.doesNotMatch(line, increase));
});

describe("decreaseIndentPattern", () => {
  for (const line of ["}", "    }", "  ] -> B : M", "where"]) {
    test(`closes: ${line.trim()}`, () => assert.match(line, decrease));
  }
  for (const line of ["  A -> B : M", "  wherever -> B : M"]) {
    test(`does not close: ${line.trim()}`, () => assert.doesNotMatch(line, decrease));
  }
});
