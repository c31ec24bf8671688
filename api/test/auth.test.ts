import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { engines } from "./databases.ts";
import { createIntegrationKey } from "./fixtures.ts";
import { createWorkspace, PASSWORD, sessionCookieOf, useTestApi } from "./harness.ts";

const ME = "{ me { email name } }";
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) {
  __typename ... on SessionPayload { user { email } expiresAt } ... on Error { code message } } }`;
const SIGNUP = `mutation($input: SignupInput!) { signup(input: $input) {
  __typename ... on SessionPayload { user { email } } ... on ValidationError { code message fieldErrors { path message } } ... on Error { code message } } }`;

for (const engine of engines) {
  describe(`auth on ${engine}`, () => {
    const api = useTestApi(engine);

    it("signs up, sets an HTTP-only cookie, and `me` knows the user", async () => {
      const result = await api.gql(SIGNUP, {
        input: { email: "Ada@Example.com", name: "Ada", password: PASSWORD },
      });
      assert.equal(result.data.signup.__typename, "SessionPayload");
      assert.equal(result.data.signup.user.email, "ada@example.com");
      const cookie = result.cookies.find((c) => c.startsWith("levee_session="));
      assert.match(cookie ?? "", /HttpOnly; SameSite=Lax; Max-Age=\d+/);
      const me = await api.gql(ME, {}, { cookie: sessionCookieOf(result.cookies) });
      assert.deepEqual(me.data.me, { email: "ada@example.com", name: "Ada" });
    });

    it("refuses weak passwords and duplicate e-mails, writing nothing", async () => {
      const weak = await api.gql(SIGNUP, {
        input: { email: "weak@example.com", name: "W", password: "short" },
      });
      assert.equal(weak.data.signup.__typename, "ValidationError");
      assert.equal(weak.data.signup.code, "BAD_USER_INPUT");
      assert.ok(weak.data.signup.fieldErrors.every((e: { path: string }) => e.path === "password"));
      const badEmail = await api.gql(SIGNUP, {
        input: { email: "not-an-email", name: "W", password: PASSWORD },
      });
      assert.equal(badEmail.data.signup.__typename, "ValidationError");
      assert.deepEqual(badEmail.data.signup.fieldErrors, [
        { path: "input.email", message: "must be an e-mail address" },
      ]);
      // A registered e-mail is not confirmed: a stranger gets the generic refusal, no session…
      const again = await api.gql(SIGNUP, {
        input: { email: "ada@example.com", name: "A2", password: `${PASSWORD}-other` },
      });
      assert.equal(again.data.signup.code, "FORBIDDEN");
      assert.doesNotMatch(again.data.signup.message, /exists|registered|taken/i);
      assert.deepEqual(again.cookies, []);
      // …and the owner (who knows the password) gets what a new sign-up gets, on the same account.
      const owner = await api.gql(SIGNUP, {
        input: { email: "ada@example.com", name: "A2", password: PASSWORD },
      });
      assert.equal(owner.data.signup.__typename, "SessionPayload");
      assert.equal(
        await api.server.services.database.prisma.user.count({ where: { email: "ada@example.com" } }),
        1,
      );
      assert.equal(
        await api.server.services.database.prisma.user.count({ where: { email: "weak@example.com" } }),
        0,
      );
    });

    it("logs in with the right password only; logout ends the session", async () => {
      const wrong = await api.gql(LOGIN, {
        input: { email: "ada@example.com", password: "wrong-password-123" },
      });
      assert.equal(wrong.data.login.__typename, "AuthenticationError");
      assert.equal(wrong.cookies.length, 0);
      const ok = await api.gql(LOGIN, { input: { email: "ADA@example.com", password: PASSWORD } });
      assert.equal(ok.data.login.__typename, "SessionPayload");
      const cookie = sessionCookieOf(ok.cookies);
      assert.equal((await api.gql("mutation { logout }", {}, { cookie })).data.logout, true);
      const after = await api.gql(ME, {}, { cookie });
      assert.equal(after.data.me, null, "a revoked session is anonymous");
      const protectedCall = await api.gql("{ workspaces { edges { node { id } } } }", {}, { cookie });
      assert.equal(protectedCall.errors?.[0]?.extensions?.code, "UNAUTHENTICATED");
      assert.match(protectedCall.errors?.[0]?.message ?? "", /sign in again/);
    });

    it("a session cookie holding an API key signs no one in", async () => {
      const owner = await api.signup("cookie-key@example.com");
      const workspaceId = await createWorkspace(api, owner, "cookie-key");
      const { token } = await createIntegrationKey(api, owner, workspaceId, ["workspace:read"]);
      const asBearer = await api.gql("{ workspaces { edges { node { id } } } }", {}, { token });
      assert.equal(asBearer.errors, undefined, "the key itself is good");
      const asCookie = await api.gql(
        "{ workspaces { edges { node { id } } } }",
        {},
        { cookie: `levee_session=${token}` },
      );
      assert.equal(asCookie.errors?.[0]?.extensions?.code, "UNAUTHENTICATED");
      assert.match(asCookie.errors?.[0]?.message ?? "", /holds no session/);
    });

    it("changes the password: checks the current one, applies the rules, ends other sessions", async () => {
      const first = await api.signup("rotate@example.com");
      const other = sessionCookieOf(
        (await api.gql(LOGIN, { input: { email: "rotate@example.com", password: PASSWORD } })).cookies,
      );
      const CHANGE = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) {
        __typename ... on ChangePasswordPayload { otherSessionsEnded } ... on Error { code message } } }`;
      const wrong = await api.gql(
        CHANGE,
        { input: { currentPassword: "nope-nope-nope", newPassword: "another-long-passphrase" } },
        first,
      );
      assert.equal(wrong.data.changePassword.code, "UNAUTHENTICATED");
      const weak = await api.gql(
        CHANGE,
        { input: { currentPassword: PASSWORD, newPassword: "short" } },
        first,
      );
      assert.equal(weak.data.changePassword.code, "BAD_USER_INPUT");
      const ok = await api.gql(
        CHANGE,
        { input: { currentPassword: PASSWORD, newPassword: "another-long-passphrase" } },
        first,
      );
      assert.equal(ok.data.changePassword.otherSessionsEnded, 1);
      assert.equal((await api.gql(ME, {}, first)).data.me.email, "rotate@example.com", "this session stays");
      assert.equal((await api.gql(ME, {}, { cookie: other })).data.me, null, "the other session ended");
      const relogin = await api.gql(LOGIN, {
        input: { email: "rotate@example.com", password: "another-long-passphrase" },
      });
      assert.equal(relogin.data.login.__typename, "SessionPayload");
    });

    it("renames the signed-in user: 1–100 characters (as at sign-up), trimmed, audited", async () => {
      const me = await api.signup("rename@example.com");
      const UPDATE = `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) {
        __typename ... on UpdateProfilePayload { user { email name } }
        ... on ValidationError { fieldErrors { path message } } ... on Error { code message } } }`;
      // An install's first owner was named "Levee owner" and nothing could rename it.
      const { prisma } = api.server.services.database;
      await prisma.user.update({ where: { email: "rename@example.com" }, data: { name: "Levee owner" } });
      const ok = await api.gql(UPDATE, { input: { name: "  Grace Operator " } }, me);
      assert.deepEqual(ok.data.updateProfile, {
        __typename: "UpdateProfilePayload",
        user: { email: "rename@example.com", name: "Grace Operator" },
      });
      assert.equal((await api.gql(ME, {}, me)).data.me.name, "Grace Operator");
      const entry = await prisma.auditLog.findFirst({ where: { action: "user.update-profile" } });
      assert.deepEqual(entry?.summary, {
        before: { name: "Levee owner" },
        after: { name: "Grace Operator" },
      });
      for (const bad of ["   ", "x".repeat(101)]) {
        const refused = await api.gql(UPDATE, { input: { name: bad } }, me);
        assert.equal(refused.data.updateProfile.__typename, "ValidationError", bad);
        assert.equal(refused.data.updateProfile.fieldErrors[0].path, "input.name");
      }
      assert.equal(
        (await api.gql(UPDATE, { input: { name: "x".repeat(100) } }, me)).data.updateProfile.user.name.length,
        100,
      );
      const anonymous = await api.gql(UPDATE, { input: { name: "Nobody" } });
      assert.equal(anonymous.errors?.[0]?.extensions?.code, "UNAUTHENTICATED");
    });

    it("an expired session gets UNAUTHENTICATED with the reason", async () => {
      const { cookie } = await api.signup("expiring@example.com");
      await api.server.services.database.prisma.session.updateMany({
        where: { user: { email: "expiring@example.com" } },
        data: { expiresAt: new Date(Date.now() - 1000) },
      });
      const result = await api.gql("{ workspaces { edges { node { id } } } }", {}, { cookie });
      assert.equal(result.errors?.[0]?.extensions?.code, "UNAUTHENTICATED");
      assert.match(result.errors?.[0]?.message ?? "", /Session expired/);
    });

    it("unknown bearer credentials are refused outright with 401", async () => {
      for (const token of ["lvi_aaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "garbage"]) {
        const result = await api.gql("{ serverInfo { name } }", {}, { token });
        assert.equal(result.status, 401);
        assert.equal(result.errors?.[0]?.extensions?.code, "UNAUTHENTICATED");
        assert.equal(result.data ?? null, null);
      }
    });

    it("malformed GraphQL and wrong types give coded errors without stack traces", async () => {
      const parse = await api.gql("{ me { email ");
      assert.equal(parse.errors?.[0]?.extensions?.code, "GRAPHQL_PARSE_FAILED");
      const types = await api.gql(LOGIN, { input: { email: 5, password: true } });
      assert.equal(types.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
      for (const error of [...(parse.errors ?? []), ...(types.errors ?? [])]) {
        assert.doesNotMatch(JSON.stringify(error), /"stack"|\\n\s+at /, "no stack trace");
      }
    });

    it("a malformed global ID is BAD_USER_INPUT", async () => {
      const { cookie } = await api.signup(`ids-${Date.now()}@example.com`);
      for (const query of [`{ node(id: "garbage") { id } }`, `{ nodes(ids: ["garbage"]) { id } }`]) {
        const result = await api.gql(query, {}, { cookie });
        assert.equal(result.errors?.[0]?.extensions?.code, "BAD_USER_INPUT", query);
        assert.match(result.errors?.[0]?.message ?? "", /Invalid global ID/);
      }
    });

    it("deep queries are refused by the depth limit", async () => {
      const deep = `{ me { memberships { workspace { parent { parent { parent { parent { parent { parent { parent { parent { parent { id } } } } } } } } } } } } }`;
      const result = await api.gql(deep);
      assert.ok(
        result.errors?.some((e) => /depth/i.test(e.message)),
        JSON.stringify(result.errors),
      );
    });
  });
}

describe("sign-up by invitation (SIGNUP_MODE=invite, postgres)", () => {
  const api = useTestApi("postgres", { SIGNUP_MODE: "invite" });
  const SIGNUP_WITH = `mutation($input: SignupInput!) { signup(input: $input) {
    __typename ... on SessionPayload { user { email } } ... on Error { code message } } }`;

  it("refuses plain sign-up, accepts an invited e-mail with its token, once", async () => {
    const closed = await api.gql(SIGNUP_WITH, {
      input: { email: "walk-in@example.com", name: "W", password: PASSWORD },
    });
    assert.equal(closed.data.signup.code, "FORBIDDEN");
    assert.match(closed.data.signup.message, /invitation only/);

    api.server.services.config.signupMode = "open"; // the first owner (in production: the bootstrap owner)
    const owner = await api.signup("first@example.com");
    api.server.services.config.signupMode = "invite";
    const workspaceId = await createWorkspace(api, owner, "invited");
    const invited = await api.gql(
      `mutation($w: ID!) { inviteMember(input: { workspaceId: $w, email: "new@example.com", role: ANALYST }) { ... on InviteMemberPayload { token } } }`,
      { w: workspaceId },
      owner,
    );
    const token = invited.data.inviteMember.token;
    // Invited twice: joining with one spends the other (it stayed pending for a member before).
    const again = await api.gql(
      `mutation($w: ID!) { inviteMember(input: { workspaceId: $w, email: "new@example.com", role: ANALYST }) { ... on InviteMemberPayload { token } } }`,
      { w: workspaceId },
      owner,
    );
    const secondToken = again.data.inviteMember.token;
    assert.ok(secondToken);

    const wrongEmail = await api.gql(SIGNUP_WITH, {
      input: { email: "other@example.com", name: "O", password: PASSWORD, invitationToken: token },
    });
    assert.equal(wrongEmail.data.signup.code, "FORBIDDEN");
    assert.equal(
      await api.server.services.database.prisma.user.count({ where: { email: "other@example.com" } }),
      0,
      "nothing written",
    );

    const joined = await api.gql(SIGNUP_WITH, {
      input: { email: "new@example.com", name: "N", password: PASSWORD, invitationToken: token },
    });
    assert.equal(joined.data.signup.__typename, "SessionPayload");
    const me = await api.gql(
      `{ me { memberships { role workspace { slug } } } }`,
      {},
      { cookie: sessionCookieOf(joined.cookies) },
    );
    assert.deepEqual(me.data.me.memberships, [{ role: "ANALYST", workspace: { slug: "invited" } }]);

    const reused = await api.gql(SIGNUP_WITH, {
      input: { email: "new2@example.com", name: "N", password: PASSWORD, invitationToken: token },
    });
    assert.equal(reused.data.signup.code, "NOT_FOUND");

    const pending = await api.gql(
      `{ workspace(slug: "invited") { pendingInvitations { email } } }`,
      {},
      owner,
    );
    assert.deepEqual(pending.data.workspace.pendingInvitations, [], "the second invitation is spent");
    const spent = await api.gql(
      `mutation($t: String!) { acceptInvitation(input: { token: $t }) { __typename ... on Error { code } } }`,
      { t: secondToken },
      { cookie: sessionCookieOf(joined.cookies) },
    );
    assert.equal(spent.data.acceptInvitation.code, "NOT_FOUND");
  });

  it("two invitations of one address accepted at once: one joins, the other is refused cleanly (no deadlock)", async () => {
    api.server.services.config.signupMode = "open";
    const owner = await api.signup("inviter@example.com");
    const invitee = await api.signup("twice@example.com");
    api.server.services.config.signupMode = "invite";
    const INVITE = `mutation($w: ID!) { inviteMember(input: { workspaceId: $w, email: "twice@example.com", role: READONLY }) { ... on InviteMemberPayload { token } } }`;
    const ACCEPT = `mutation($t: String!) { acceptInvitation(input: { token: $t }) { __typename ... on Error { code } } }`;
    for (let round = 0; round < 4; round++) {
      const workspaceId = await createWorkspace(api, owner, `twice-${round}`);
      const tokens: string[] = [];
      for (let i = 0; i < 2; i++)
        tokens.push((await api.gql(INVITE, { w: workspaceId }, owner)).data.inviteMember.token);
      const answers = await Promise.all(tokens.map((t) => api.gql(ACCEPT, { t }, invitee)));
      const outcomes = answers.map(
        (a) => a.data?.acceptInvitation?.code ?? a.data?.acceptInvitation?.__typename,
      );
      assert.equal(
        outcomes.filter((o) => o === "MembershipPayload").length,
        1,
        `round ${round}: ${outcomes}`,
      );
      assert.ok(
        outcomes.every((o) => ["MembershipPayload", "NOT_FOUND", "CONFLICT"].includes(o)),
        `round ${round}: ${JSON.stringify(answers.map((a) => a.errors ?? a.data))}`,
      );
    }
  });
});
