// Every built-in scheme, for detectScheme() alone: no other module imports this list, so a
// bundle without detectScheme() carries none of the schemes it does not import itself. Adding a
// scheme is one line. A factory is listed as made with its default options (its headers do
// not depend on them); one that needs options is listed with placeholders.
import { asana } from "./asana.js";
import { dropbox } from "./dropbox.js";
import { fusionauth } from "./fusionauth.js";
import { github } from "./github.js";
import { githubSha1 } from "./github-sha1.js";
import { intercom } from "./intercom.js";
import { jwtBearer } from "./jwt-bearer.js";
import { linear } from "./linear.js";
import { meta } from "./meta.js";
import { okta } from "./okta.js";
import { paddle } from "./paddle.js";
import { shopify } from "./shopify.js";
import { slack } from "./slack.js";
import { square } from "./square.js";
import { standardWebhooks } from "./standard-webhooks.js";
import { stripe } from "./stripe.js";
import { svix } from "./svix.js";
import { twilio } from "./twilio.js";
import { twitch } from "./twitch.js";
import { twitter } from "./twitter.js";
import { zoom } from "./zoom.js";
import { gitlab } from "./gitlab.js";
import { bitbucket } from "./bitbucket.js";
import { lemonSqueezy } from "./lemon-squeezy.js";
import { wooCommerce } from "./woo-commerce.js";
import { typeform } from "./typeform.js";
import { sentry } from "./sentry.js";
import { vercel } from "./vercel.js";
import { razorpay } from "./razorpay.js";
import { coinbaseCommerce } from "./coinbase-commerce.js";
import { hookdeck } from "./hookdeck.js";
import { line } from "./line.js";
import { segment } from "./segment.js";
import { notion } from "./notion.js";
import { polar } from "./polar.js";
import { supabase } from "./supabase.js";
import { telegram } from "./telegram.js";
import { convoy } from "./convoy.js";
import { mailgun } from "./mailgun.js";
import { hook0 } from "./hook0.js";
import { hubspot } from "./hubspot.js";
import { calendly } from "./calendly.js";
import { mux } from "./mux.js";
import { workos } from "./workos.js";
import { elevenlabs } from "./elevenlabs.js";
import { sanity } from "./sanity.js";
import { zendesk } from "./zendesk.js";
import { box } from "./box.js";
import { docusign } from "./docusign.js";
import { trello } from "./trello.js";
import { netlify } from "./netlify.js";
import { discord } from "./discord.js";
import { sendgrid } from "./sendgrid.js";
import { awsSns } from "./aws-sns.js";
import { googlePubSub } from "./google-pubsub.js";
import { plaid } from "./plaid.js";
import type { Scheme } from "./scheme.js";

/** The built-in schemes, in the order detectScheme() reports ties. */
export const allSchemes = (): readonly Scheme[] => [
  github,
  stripe,
  standardWebhooks,
  githubSha1,
  slack,
  shopify,
  svix,
  zoom,
  paddle,
  linear,
  square,
  twilio,
  intercom,
  jwtBearer,
  fusionauth,
  meta(),
  twitch,
  dropbox,
  okta(),
  twitter,
  asana(),
  gitlab,
  bitbucket,
  lemonSqueezy,
  wooCommerce,
  typeform,
  sentry,
  vercel,
  razorpay,
  coinbaseCommerce,
  hookdeck,
  line,
  segment,
  notion,
  polar,
  supabase,
  telegram,
  convoy(),
  mailgun,
  hubspot,
  calendly,
  mux,
  workos,
  elevenlabs,
  sanity,
  zendesk,
  box,
  docusign,
  trello({ callbackUrl: "https://example.com/" }),
  netlify,
  discord,
  sendgrid,
  awsSns(),
  googlePubSub({ audience: "https://example.com/" }),
  plaid({ key: () => Promise.reject(new Error("detectScheme() never verifies")) }),
  hook0,
];
