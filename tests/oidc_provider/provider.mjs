// A real, certified OpenID Connect provider for the test suite (panva's oidc-provider), configured
// from the OIDC_TEST_CONFIG environment variable:
//   {"port": 0, "clients": [{client_id, client_secret, redirect_uris, post_logout_redirect_uris,
//    token_endpoint_auth_method}], "accounts": {"<sub>": {<claims>}}}
// Its development sign-in page accepts any login (the account's subject) and any password, then asks
// for consent. It prints "listening <port>" once it accepts connections.
import http from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_CONFIG || '{}');
const accounts = config.accounts || {};

const server = http.createServer();
server.listen(config.port || 0, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: config.clients || [],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name', 'locale'],
      acr: null,
    },
    acrValues: ['substantial', 'high'],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    // Claims exactly as configured, including deliberately wrong ones ("email_verified": "false").
    async findAccount(ctx, sub) {
      if (!(sub in accounts)) return undefined;
      return { accountId: sub, async claims() { return { sub, ...accounts[sub] }; } };
    },
    cookies: { keys: ['opencaf-test-provider-only'] },
  });
  provider.proxy = false;
  server.on('request', provider.callback());
  process.stdout.write(`listening ${port}\n`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
