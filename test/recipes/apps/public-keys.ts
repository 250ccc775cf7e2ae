import { awsSns, awsSnsMessage, discord, fusionauth, googlePubSub, jwks, plaid, sendgrid, webhookHandler, type FetchHandler, type Jwk } from "../../../src/index.js";

export interface PublicKeyWebhooksConfig {
  /** Discord Developer Portal → your application → General Information → "Public Key" (64 hex digits). */
  discordPublicKey: string;
  /** SendGrid → Mail Settings → Event Webhook → Signature Verification: the "Verification Key". */
  sendgridVerificationKey: string;
  /** The SNS topics this endpoint is subscribed to: a message from any other topic is refused. */
  snsTopicArns: string[];
  /** The push subscription's audience (default: its endpoint URL) and service account. */
  pubsubAudience: string;
  pubsubServiceAccount: string;
  /** Plaid API credentials, to ask Plaid for the key that signed a webhook. */
  plaidClientId: string;
  plaidSecret: string;
  /** Default https://production.plaid.com (https://sandbox.plaid.com in Sandbox). */
  plaidApi?: string;
  /** Your FusionAuth, e.g. https://auth.example.com: its signing keys are at /.well-known/jwks.json. */
  fusionauthUrl: string;
  /** Where Google's signing keys are (default: Google's own key set). */
  googleKeysUrl?: string;
  /** The fetch for calls to AWS (certificates, subscription confirmations) and to Plaid. */
  fetch?: typeof fetch;
}

/** One Fetch handler for six providers that sign with their own private keys: no shared secret anywhere. */
export function publicKeyWebhooks(config: PublicKeyWebhooksConfig): FetchHandler {
  const send = config.fetch ?? globalThis.fetch;
  const plaidApi = config.plaidApi ?? "https://production.plaid.com";

  // Plaid names its key in each token (`kid`); plaid() asks for each kid once and caches the JWK.
  async function plaidKey(kid: string): Promise<Jwk> {
    const answer = await send(`${plaidApi}/webhook_verification_key/get`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_id: config.plaidClientId, secret: config.plaidSecret, key_id: kid }),
    });
    if (!answer.ok) throw new Error(`Plaid answered ${answer.status}`); // verification rejects: 503, Plaid retries
    return ((await answer.json()) as { key: Jwk }).key;
  }

  const routes = new Map<string, FetchHandler>([
    // Discord's PING is answered {"type":1} here, once its signature verified; the handler never sees it.
    ["/discord", webhookHandler(discord, { secret: config.discordPublicKey }, async (webhook) => {
      const interaction = webhook.json() as { type: number; data?: { name?: string } };
      return Response.json({ type: 4, data: { content: `you ran /${interaction.data?.name}` } });
    })],

    ["/sendgrid", webhookHandler(sendgrid, { secret: config.sendgridVerificationKey }, async (webhook) => {
      const events = webhook.json() as { event: string; sg_event_id: string }[];
      return Response.json({ received: events.length });
    })],

    // A SubscriptionConfirmation is confirmed here (one GET of its SubscribeURL, only on SNS's own
    // host) and answered 200; Notifications reach the handler.
    ["/sns", webhookHandler(awsSns({ topicArns: config.snsTopicArns, confirmSubscription: true, fetch: send }), {}, async (webhook) => {
      const message = awsSnsMessage(webhook.body);
      return Response.json({ received: message.MessageId, type: message.Type });
    })],

    // The Bearer token proves the push came from Pub/Sub for this subscription; it does not sign the body.
    ["/pubsub", webhookHandler(
      googlePubSub({
        audience: config.pubsubAudience,
        serviceAccountEmail: config.pubsubServiceAccount,
        ...(config.googleKeysUrl === undefined ? {} : { jwks: jwks(config.googleKeysUrl) }),
      }),
      {},
      async (webhook) => {
        const { message } = webhook.json() as { message: { messageId: string; data: string } };
        return Response.json({ received: message.messageId });
      },
    )],

    ["/plaid", webhookHandler(plaid({ key: plaidKey }), {}, async (webhook) => {
      const event = webhook.json() as { webhook_type: string; webhook_code: string };
      return Response.json({ received: `${event.webhook_type}.${event.webhook_code}` });
    })],

    // The token's `kid` picks the key from FusionAuth's key set: rotating the key needs no change here.
    ["/fusionauth", webhookHandler(fusionauth, { secret: jwks(`${config.fusionauthUrl}/.well-known/jwks.json`) }, async (webhook) => {
      const { event } = webhook.json() as { event: { type: string; id: string } };
      return Response.json({ received: event.type });
    })],
  ]);

  // The last path segment picks the provider: /discord, or /api/webhooks/discord behind a prefix.
  return async (request) => {
    const { pathname } = new URL(request.url);
    const route = routes.get(pathname.slice(pathname.lastIndexOf("/")));
    return route === undefined ? new Response(null, { status: 404 }) : route(request);
  };
}
