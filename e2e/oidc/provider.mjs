// A real OpenID Provider for the single sign-on browser tests: panva's certified
// oidc-provider with its development login and consent pages (any login, any password;
// the login is the account id). The tests set accounts and behaviour through a small
// control server beside it:
//   PUT  /accounts/:id  {email, email_verified, name, groups}   create or replace an account
//   PUT  /mode          {conformIdTokenClaims: boolean}         true (oidc-provider's default):
//                       the ID token carries only sub & co and the rest comes from userinfo
//   POST /down, /up     stop or start answering on the issuer's port (provider unreachable)
//   PUT  /next-token    {fail: "drop" | "reject"}: the next token request has its connection
//                       dropped (down mid-exchange) or gets invalid_grant (exchange failed)
//   GET  /stats         {userinfo: n} calls to the userinfo endpoint so far
import http from "node:http";
import Provider from "oidc-provider";

// Set by playwright.config.ts, which gives the console the same client and issuer.
const { OIDC_PORT, OIDC_CONTROL_PORT, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, CONSOLE_URL } = process.env;
const port = Number(OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;

const accounts = new Map();
const stats = { userinfo: 0 };
let nextTokenFailure = null;

function provider(conformIdTokenClaims) {
  return new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT_ID,
        client_secret: OIDC_CLIENT_SECRET,
        redirect_uris: [`${CONSOLE_URL}/api/auth/callback/oidc`],
        post_logout_redirect_uris: [`${CONSOLE_URL}/sign-in`],
      },
    ],
    // A `groups` scope, as Dex and Okta have.
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    conformIdTokenClaims,
    findAccount(_ctx, id) {
      const account = accounts.get(id);
      return account && { accountId: id, claims: () => ({ sub: id, ...account }) };
    },
    // The same keys in both modes, so one provider's sessions survive a mode switch.
    cookies: { keys: ["gatehouse-e2e-cookie-key"] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  });
}

// Two providers on one issuer (same development keys, same in-memory storage): the
// mode picks which answers.
const providers = { true: provider(true).callback(), false: provider(false).callback() };
let conform = true;

const server = http.createServer((req, res) => {
  if (req.url?.startsWith("/me")) stats.userinfo++;
  if (req.url?.startsWith("/token") && nextTokenFailure) {
    const failure = nextTokenFailure;
    nextTokenFailure = null;
    if (failure === "drop") return req.socket.destroy();
    return res
      .writeHead(400, { "Content-Type": "application/json" })
      .end(JSON.stringify({ error: "invalid_grant", error_description: "the test provider rejected this code" }));
  }
  providers[conform](req, res);
});

async function body(req) {
  let text = "";
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : {};
}

const control = http.createServer(async (req, res) => {
  const reply = (status, data) => res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(data ?? {}));
  try {
    const account = /^\/accounts\/([^/]+)$/.exec(req.url ?? "");
    if (req.method === "PUT" && account) {
      accounts.set(decodeURIComponent(account[1]), await body(req));
      return reply(200);
    }
    if (req.method === "PUT" && req.url === "/mode") {
      conform = Boolean((await body(req)).conformIdTokenClaims);
      return reply(200, { conformIdTokenClaims: conform });
    }
    if (req.method === "PUT" && req.url === "/next-token") {
      nextTokenFailure = (await body(req)).fail ?? null;
      return reply(200);
    }
    if (req.method === "POST" && req.url === "/down") {
      await new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      });
      return reply(200);
    }
    if (req.method === "POST" && req.url === "/up") {
      if (!server.listening) await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
      return reply(200);
    }
    if (req.method === "GET" && req.url === "/stats") return reply(200, stats);
    return reply(404, { error: `no ${req.method} ${req.url}` });
  } catch (error) {
    return reply(500, { error: String(error) });
  }
});

server.listen(port, "127.0.0.1", () => console.log(`test OpenID Provider at ${issuer} (control on :${OIDC_CONTROL_PORT})`));
control.listen(Number(OIDC_CONTROL_PORT), "127.0.0.1");
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(0));
