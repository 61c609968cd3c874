import { assert, assertEquals } from "../_assert.ts";
import fc from "fast-check";
import {
  CloseUri,
  ErrorUri,
  isValidUri,
  matchesPrefix,
  matchesUri,
  matchesWildcard,
  MetaUri,
} from "../../src/wamp/mod.ts";

Deno.test("isValidUri - loose rule accepts the spec's examples and non-ASCII components", () => {
  for (
    const u of [
      "com.myapp.mytopic1",
      "com.myapp.myprocedure1",
      "wamp.error.not_authorized",
      "a",
      "Com.MyApp.Topic-1",
      "com.myapp.ÄÖÜ.日本",
      "a:b.c/d",
    ]
  ) {
    assert(isValidUri(u), u);
  }
});

Deno.test("isValidUri - loose rule rejects empty components, whitespace and #", () => {
  for (
    const u of ["", ".", "a.", ".a", "a..b", "a b", "a\tb", "a\nb", "a#b", "#", "a.b c", "a.\u00a0"]
  ) {
    assert(!isValidUri(u), JSON.stringify(u));
  }
});

Deno.test("isValidUri - rejects non-strings", () => {
  for (const u of [undefined, null, 1, {}, [], ["a"]]) assert(!isValidUri(u));
});

Deno.test("isValidUri - strict rule allows only lower-case letters, digits and _", () => {
  assert(isValidUri("com.myapp.my_topic_1", { strict: true }));
  assert(isValidUri("1a.2b", { strict: true }));
  for (const u of ["Com.myapp", "com.my-app", "com.myäpp", "com..x", "a:b", ""]) {
    assert(!isValidUri(u, { strict: true }), u);
  }
});

Deno.test("isValidUri - allowEmptyComponents accepts wildcard patterns", () => {
  for (const u of ["com.myapp..myprocedure1", "a...d4", ".a", "a.", "..", "", "a.b"]) {
    assert(isValidUri(u, { allowEmptyComponents: true }), u);
  }
  for (const u of ["a. .b", "a#..b", "a b.."]) {
    assert(!isValidUri(u, { allowEmptyComponents: true }), u);
  }
  assert(isValidUri("a1.b2..d4", { strict: true, allowEmptyComponents: true }));
  assert(!isValidUri("A1.b2..d4", { strict: true, allowEmptyComponents: true }));
});

Deno.test("isValidUri - allowLastEmpty accepts prefix patterns only with an empty last component", () => {
  assert(isValidUri("com.myapp.", { allowLastEmpty: true }));
  assert(isValidUri("com.myapp", { allowLastEmpty: true }));
  assert(!isValidUri("com..myapp", { allowLastEmpty: true }));
  assert(!isValidUri(".myapp", { allowLastEmpty: true }));
  assert(isValidUri("com.myapp.", { strict: true, allowLastEmpty: true }));
  assert(!isValidUri("Com.myapp.", { strict: true, allowLastEmpty: true }));
});

Deno.test("isValidUri - property: every strict URI is a loose URI", () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 20 }), (s) => {
      if (isValidUri(s, { strict: true })) assert(isValidUri(s));
      if (isValidUri(s)) {
        assert(isValidUri(s, { allowEmptyComponents: true }));
        assert(isValidUri(s, { allowLastEmpty: true }));
      }
    }),
  );
});

Deno.test("matchesPrefix - follows the spec's prefix matching examples", () => {
  // Advanced profile "Pattern-based Registrations > Prefix Matching".
  const p = "com.myapp.myobject1";
  for (
    const u of [
      "com.myapp.myobject1.myprocedure1",
      "com.myapp.myobject1-mysubobject1",
      "com.myapp.myobject1.mysubobject1.myprocedure1",
      "com.myapp.myobject1",
    ]
  ) {
    assert(matchesPrefix(u, p), u);
  }
  for (const u of ["com.myapp.myobject2", "com.myapp.myobject"]) assert(!matchesPrefix(u, p), u);
});

Deno.test("matchesWildcard - follows the spec's wildcard matching examples", () => {
  // Advanced profile "Pattern-based Registrations > Wildcard Matching".
  const p = "com.myapp..myprocedure1";
  for (const u of ["com.myapp.myobject1.myprocedure1", "com.myapp.myobject2.myprocedure1"]) {
    assert(matchesWildcard(u, p), u);
  }
  for (
    const u of [
      "com.myapp.myobject1.myprocedure1.mysubprocedure1",
      "com.myapp.myobject1.myprocedure2",
      "com.myapp2.myobject1.myprocedure1",
    ]
  ) {
    assert(!matchesWildcard(u, p), u);
  }
});

Deno.test("matchesWildcard - component counts must be equal", () => {
  assert(matchesWildcard("a.b.c", ".."));
  assert(!matchesWildcard("a.b", ".."));
  assert(!matchesWildcard("a.b.c.d", ".."));
  assert(matchesWildcard("a1.b2.c55.d4.e5", "a1.b2..d4.e5"));
  assert(matchesWildcard("a1.b2.c88.d4.e5.f6.g7", "a1.b2..d4.e5..g7"));
  assert(matchesWildcard("a1.b2.c88.d4.e5.f6.g7", "a1.b2..d4..f6.g7"));
  assert(!matchesWildcard("a2.b2.c2.d2.e2", "a1.b2..d4.e5"));
});

Deno.test("matchesUri - dispatches on the match policy", () => {
  assert(matchesUri("a.b", "a.b", "exact"));
  assert(!matchesUri("a.b.c", "a.b", "exact"));
  assert(matchesUri("a.b.c", "a.b", "prefix"));
  assert(matchesUri("a.x.c", "a..c", "wildcard"));
});

Deno.test("ErrorUri, CloseUri, MetaUri - every constant is a valid wamp.* URI", () => {
  for (const table of [ErrorUri, CloseUri, MetaUri]) {
    for (const [name, u] of Object.entries(table)) {
      assert(u.startsWith("wamp."), name);
      assert(isValidUri(u, { strict: true }), u);
    }
  }
  assertEquals(ErrorUri.NO_SUCH_PROCEDURE, "wamp.error.no_such_procedure");
  assertEquals(ErrorUri.OPTION_DISALLOWED_DISCLOSE_ME, "wamp.error.option_disallowed.disclose_me");
  assertEquals(CloseUri.GOODBYE_AND_OUT, "wamp.close.goodbye_and_out");
  assertEquals(Object.keys(ErrorUri).length, 28);
  assertEquals(Object.keys(CloseUri).length, 4);
  assertEquals(MetaUri.SESSION_ADD_TESTAMENT, "wamp.session.add_testament");
});
