import { expect, test, type Page } from "@playwright/test";
import { ADMIN, OIDC } from "../playwright.config";
import { addUser, unique } from "./helpers";
import { auditEntries, continueWithIdp, freshPage, idp, ssoSignIn, startSso } from "./oidc/idp";

// Single sign-on through a real OpenID Provider (oidc-provider, started by
// playwright.config.ts) with its development login and consent pages. The console maps
// gatehouse-admins → admin, gatehouse-approvers → approver and finance-team → the
// "finance" approver group. `page` is the admin; each SSO user gets a browser of its own.

test.afterEach(async () => {
  await idp.up();
  await idp.conformIdTokenClaims(true);
});

const sidebar = (page: Page) => page.getByTestId("signed-in-as");
const error = (page: Page) => page.getByTestId("sign-in-error");

async function newAccount(prefix: string, account: { email_verified?: boolean; groups?: string[]; email?: string } = {}) {
  const login = unique(prefix);
  const email = account.email ?? `${login}@sso.e2e.test`;
  await idp.setAccount(login, {
    email,
    email_verified: account.email_verified ?? true,
    name: `${prefix} from the IdP`,
    groups: account.groups ?? [],
  });
  return { login, email };
}

test("the first sign-in creates the user with the mapped role and groups (claims from userinfo); the second finds the same user", async ({
  page,
  browser,
}) => {
  const { login, email } = await newAccount("alice", { groups: ["gatehouse-approvers", "finance-team", "unrelated"] });
  const userinfoBefore = await idp.userinfoCalls();

  const alice = await freshPage(browser);
  await ssoSignIn(alice, login);
  await expect(alice).toHaveURL(/\/agents$/);
  await expect(sidebar(alice).getByText(email)).toBeVisible();
  await expect(sidebar(alice).getByText("Approver", { exact: true })).toBeVisible();
  // oidc-provider's defaults put only sub & co in the ID token: the e-mail and groups came from userinfo.
  expect(await idp.userinfoCalls()).toBeGreaterThan(userinfoBefore);

  await page.goto("/users");
  const row = page.getByTestId(`user-row-${email}`);
  await expect(row.getByLabel("Role")).toHaveValue("approver");
  await expect(page.getByTestId(`user-groups-${email}`)).toContainText("finance");
  await expect(page.getByTestId(`user-sso-${email}`)).toContainText("linked");

  const again = await freshPage(browser);
  await ssoSignIn(again, login);
  await expect(sidebar(again).getByText(email)).toBeVisible();
  await page.reload();
  await expect(page.getByTestId(`user-row-${email}`)).toHaveCount(1);
  const userId = (await auditEntries(page.request, "user.created")).find((e) => e.content.data.email === email)!.subject!.id;
  const signIns = await auditEntries(page.request, "user.signed_in", { actor: userId });
  expect(signIns.map((e) => e.content.data)).toEqual([
    expect.objectContaining({ method: "oidc", subject: login }),
    expect.objectContaining({ method: "oidc", subject: login }),
  ]);
});

test("the takeover attempt (an unverified e-mail equal to the admin's, for a new subject) is refused and audited", async ({
  page,
  browser,
}) => {
  const { login } = await newAccount("mallory", { email: ADMIN.email, email_verified: false, groups: ["gatehouse-admins"] });
  const mallory = await freshPage(browser);
  await ssoSignIn(mallory, login);
  await expect(mallory).toHaveURL(/\/sign-in\?error=email_unverified/);
  await expect(error(mallory)).toHaveText(`${OIDC.name} says your e-mail address is not verified. Verify it there, then sign in again.`);
  await mallory.goto("/agents");
  await expect(mallory).toHaveURL(/\/sign-in/);

  const refusal = (await auditEntries(page.request, "user.sign_in_failed")).find((e) => e.content.data.subject === login);
  expect(refusal?.content.data).toMatchObject({ method: "oidc", reason: "email_unverified", email: ADMIN.email, emailVerified: false });
  expect(refusal?.subject).not.toBeNull(); // recorded against the admin account it aimed at
  await page.goto("/users");
  await expect(page.getByTestId(`user-sso-${ADMIN.email}`)).not.toContainText("linked");
});

test("an unverified e-mail is refused and creates no user", async ({ page, browser }) => {
  const { login, email } = await newAccount("unverified", { email_verified: false });
  const visitor = await freshPage(browser);
  await ssoSignIn(visitor, login);
  await expect(error(visitor)).toContainText("says your e-mail address is not verified");
  await page.goto("/users");
  await expect(page.getByTestId(`user-row-${email}`)).toHaveCount(0);
});

test("a provider that also puts the claims in the ID token works without userinfo", async ({ browser }) => {
  await idp.conformIdTokenClaims(false);
  const { login, email } = await newAccount("idtoken", { groups: ["gatehouse-admins"] });
  const before = await idp.userinfoCalls();
  const user = await freshPage(browser);
  await ssoSignIn(user, login);
  await expect(sidebar(user).getByText(email)).toBeVisible();
  await expect(sidebar(user).getByText("Admin", { exact: true })).toBeVisible();
  expect(await idp.userinfoCalls()).toBe(before);
});

test("removing the user from the IdP's admin group demotes them on their next sign-in, unless an admin pins the role", async ({
  page,
  browser,
}) => {
  const { login, email } = await newAccount("bob", { groups: ["gatehouse-admins"] });
  const bob = await freshPage(browser);
  await ssoSignIn(bob, login);
  await expect(sidebar(bob).getByText("Admin", { exact: true })).toBeVisible();
  await expect(bob.getByRole("link", { name: "Users" })).toBeVisible();

  await idp.setAccount(login, { email, email_verified: true, groups: [] });
  const later = await freshPage(browser);
  await ssoSignIn(later, login);
  await expect(sidebar(later).getByText("Viewer", { exact: true })).toBeVisible();
  // The role is read on every request: bob's older session is a viewer's too.
  await bob.reload();
  await expect(bob.getByRole("link", { name: "Users" })).toHaveCount(0);
  const change = (await auditEntries(page.request, "user.role_changed", { actor: "oidc" })).find((e) => e.content.data.email === email);
  expect(change?.content.data).toEqual({ email, from: "admin", to: "viewer", via: "oidc" });

  // An admin makes bob an admin again and pins it: the IdP no longer changes it.
  await page.goto("/users");
  const row = page.getByTestId(`user-row-${email}`);
  await row.getByLabel("Role").selectOption("admin");
  await expect(row.getByLabel("Role")).toHaveValue("admin");
  await row.getByLabel("Pinned").check();
  await expect(row.getByLabel("Pinned")).toBeChecked();
  const pinned = await freshPage(browser);
  await ssoSignIn(pinned, login);
  await expect(sidebar(pinned).getByText("Admin", { exact: true })).toBeVisible();
});

test("a cancelled consent, an unreachable provider and a failed code exchange each get their own message, audited", async ({
  page,
  browser,
}) => {
  const visitor = await freshPage(browser);
  await startSso(visitor);
  await visitor.getByRole("link", { name: "[ Cancel ]" }).click();
  await expect(visitor).toHaveURL(/\/sign-in\?error=access_denied/);
  await expect(error(visitor)).toHaveText(`Sign-in was cancelled at ${OIDC.name}. Continue again when you are ready.`);

  // Down before the sign-in starts.
  await idp.down();
  await continueWithIdp(visitor);
  await expect(visitor).toHaveURL(/\/sign-in\?error=provider_unreachable/);
  await expect(error(visitor)).toHaveText(`Gatehouse could not reach ${OIDC.name}. Try again in a moment; if it persists, tell an admin.`);

  // Gone between the consent and the code exchange; then up, but refusing the code.
  await idp.up();
  const { login } = await newAccount("carol");
  const dropped = await freshPage(browser);
  await idp.failNextToken("drop");
  await ssoSignIn(dropped, login);
  await expect(dropped).toHaveURL(/\/sign-in\?error=provider_unreachable/);
  await idp.failNextToken("reject");
  const rejected = await freshPage(browser);
  await ssoSignIn(rejected, login);
  await expect(error(rejected)).toHaveText(
    `${OIDC.name} signed you in, but Gatehouse could not complete the exchange with it. Try again; if it persists, an admin will find the reason in the server log.`,
  );

  const reasons = (await auditEntries(page.request, "user.sign_in_failed", { actor: "oidc", limit: "4" })).map(
    (e) => e.content.data.reason,
  );
  expect(reasons).toEqual(["token_exchange_failed", "provider_unreachable", "provider_unreachable", "access_denied"]);
});

test("an IdP account with a password user's e-mail is refused until an admin links it; unlinked, it is refused again", async ({
  page,
  browser,
}) => {
  const { email } = await addUser(page, { role: "policy_admin" });
  const { login } = await newAccount("dana", { email });
  const dana = await freshPage(browser);
  await ssoSignIn(dana, login);
  await expect(error(dana)).toHaveText(
    `A Gatehouse account with your e-mail address exists, but it is not linked to your ${OIDC.name} account. Ask an admin to link it on the Users page.`,
  );

  await page.goto("/users");
  await expect(page.getByTestId(`user-sso-${email}`)).toContainText("1 refused");
  await page.getByRole("button", { name: `Single sign-on of ${email}` }).click();
  const dialog = page.getByRole("dialog", { name: `Single sign-on of ${email}` });
  await dialog.getByRole("button", { name: `Link ${login}` }).click();
  await expect(dialog.getByRole("button", { name: `Unlink ${login}` })).toBeVisible();

  const linked = await freshPage(browser);
  await ssoSignIn(linked, login);
  await expect(sidebar(linked).getByText(email)).toBeVisible();
  // The IdP's groups decide roles here (OIDC_ROLE_MAP), and dana is in none of them.
  await expect(sidebar(linked).getByText("Viewer", { exact: true })).toBeVisible();

  await dialog.getByRole("button", { name: `Unlink ${login}` }).click();
  await expect(dialog.getByText("None: this user signs in with a password.")).toBeVisible();
  const unlinked = await freshPage(browser);
  await ssoSignIn(unlinked, login);
  await expect(unlinked).toHaveURL(/\/sign-in\?error=identity_not_linked/);
  const events = (await auditEntries(page.request, "user.identity_*")).filter((e) => e.content.data.subject === login);
  expect(events.map((e) => e.content.data.via ?? "unlinked")).toEqual(["unlinked", "admin"]);
});

test("signing out also ends the session at the provider", async ({ browser }) => {
  const { login } = await newAccount("erin");
  const erin = await freshPage(browser);
  await ssoSignIn(erin, login);
  await erin.getByRole("button", { name: "Sign out" }).click();
  await erin.waitForURL(`${OIDC.issuer}/**`);
  await erin.getByRole("button", { name: "Yes, sign me out" }).click();
  await expect(erin).toHaveURL(/\/sign-in$/);
  // The provider asks for a login again instead of signing erin straight back in.
  await startSso(erin);
  await expect(erin.locator('input[name="login"]')).toBeVisible();
});

test("a disabled user is refused on their next request and at their next sign-in", async ({ page, browser }) => {
  const { login, email } = await newAccount("frank");
  const frank = await freshPage(browser);
  await ssoSignIn(frank, login);
  await expect(sidebar(frank).getByText(email)).toBeVisible();

  await page.goto("/users");
  await page.getByTestId(`user-row-${email}`).getByRole("button", { name: "Disable" }).click();
  await expect(page.getByTestId(`user-row-${email}`).getByText("disabled")).toBeVisible();
  await frank.goto("/agents");
  await expect(frank).toHaveURL(/\/sign-in/);
  const again = await freshPage(browser);
  await ssoSignIn(again, login);
  await expect(error(again)).toHaveText("Your Gatehouse account is disabled. Ask an admin.");
});
