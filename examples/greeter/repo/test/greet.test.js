import assert from "node:assert/strict";
import { test } from "node:test";
import { greet } from "../src/greet.js";

test("greets a person with a comma and an exclamation mark", () => {
  assert.equal(greet("Ada"), "Hello, Ada!");
});

test("ignores spaces around the name", () => {
  assert.equal(greet("  Ada "), "Hello, Ada!");
});

test("greets the world when no name is given", () => {
  assert.equal(greet(""), "Hello, world!");
  assert.equal(greet(undefined), "Hello, world!");
});
