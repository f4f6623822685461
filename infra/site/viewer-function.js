/*
 * The site's CloudFront Function (runtime cloudfront-js-2.0), run on every viewer request and
 * viewer response of the pages. The CDK app deploys this file, and the local stack runs this
 * same file in front of the site (infra/local/edge-runtime.ts), each with the campaign table
 * the build wrote declared before it as CAMPAIGN_TABLE (infra/site/viewer-function-code.ts).
 *
 * Viewer request:
 * - A campaign's path (e.g. "/sciatica/") serves the page of one of its variants at that same
 *   URL. A returning visitor keeps the variant named in their cookie; a new visitor gets one
 *   drawn by weight, and the response sets the cookie, which holds only the variant's id.
 *   Crawlers and link-preview bots always get the control (the first variant) and no cookie.
 *   `?preview=<variant>` shows that variant without a cookie, marked as a preview. Outside its
 *   dates the path redirects (302, query string kept) to its fallback page.
 * - Any other path: `/x/` is `x/index.html`; `/x` (no dot in its last segment) redirects (301)
 *   to `/x/` with its query string; a file passes unchanged. Because this runs before the cache,
 *   the cache key is the object's own path, which is what a deploy invalidates.
 * Viewer response: sets the variant cookie chosen at the request, and keeps previews and
 *   responses that set a cookie out of shared caches.
 *
 * Plain ES5-style code: the runtime has no modules here, and the code must stay under 10 KB.
 */
/* global CAMPAIGN_TABLE */

// Passed from the request to the response by this function only (a viewer's copy is removed).
var SET_VARIANT = 'x-campaign-set-variant';
var PREVIEWING = 'x-campaign-preview';

// Crawlers and link-preview fetchers: they index and show the control, and keep no cookie.
var BOTS =
  /bot\b|bot\/|crawl|spider|slurp|facebookexternalhit|facebookcatalog|embedly|pinterest|vkshare|whatsapp|telegram|skypeuripreview|discord|slack|linkedin|quora link preview|outbrain|flipboard|tumblr|bitly|nuzzel|redditbot|applebot|google-inspectiontool|yahoo! slurp|bingpreview/i;

function search(querystring) {
  var parts = [];
  for (var key in querystring) {
    var entry = querystring[key];
    var values = entry.multiValue ? entry.multiValue : [entry];
    for (var i = 0; i < values.length; i++) {
      parts.push(values[i].value === '' ? key : key + '=' + values[i].value);
    }
  }
  return parts.length > 0 ? '?' + parts.join('&') : '';
}

function headerValue(request, name) {
  var header = request.headers[name];
  return header ? header.value : undefined;
}

function campaignById(id) {
  var list = CAMPAIGN_TABLE.campaigns;
  for (var i = 0; i < list.length; i++) if (list[i].id === id) return list[i];
  return undefined;
}

function campaignAt(uri) {
  var list = CAMPAIGN_TABLE.campaigns;
  for (var i = 0; i < list.length; i++) if (list[i].path === uri) return list[i];
  return undefined;
}

function hasVariant(campaign, id) {
  for (var i = 0; i < campaign.variants.length; i++) {
    if (campaign.variants[i].id === id) return true;
  }
  return false;
}

/** The variant at `draw` (0 <= draw < 1) on the line of the campaign's weights. */
function drawVariant(campaign, draw) {
  var point = draw * 100;
  var reached = 0;
  for (var i = 0; i < campaign.variants.length; i++) {
    reached += campaign.variants[i].weight;
    if (point < reached) return campaign.variants[i].id;
  }
  return campaign.variants[campaign.variants.length - 1].id;
}

/** The variant the visitor's cookie names, when it is one of the campaign's. */
function keptVariant(request, campaign) {
  var cookie = (request.cookies || {})[CAMPAIGN_TABLE.cookiePrefix + campaign.id];
  if (!cookie) return undefined;
  var values = cookie.multiValue ? cookie.multiValue : [cookie];
  for (var i = 0; i < values.length; i++) {
    if (hasVariant(campaign, values[i].value)) return values[i].value;
  }
  return undefined;
}

function variantUri(campaign, variant) {
  var control = campaign.variants[0].id;
  return campaign.path + (variant === control ? 'index.html' : 'index.' + variant + '.html');
}

function campaignRequest(request, campaign) {
  var now = Date.now();
  var early = campaign.starts !== undefined && now < campaign.starts;
  var over = campaign.ends !== undefined && now >= campaign.ends;
  if (early || over) {
    return {
      statusCode: 302,
      statusDescription: 'Found',
      headers: {
        location: { value: campaign.fallback + search(request.querystring || {}) },
        'cache-control': { value: 'no-store' },
      },
    };
  }
  var control = campaign.variants[0].id;
  var variant = control;
  var preview = (request.querystring || {})[CAMPAIGN_TABLE.previewParam];
  if (BOTS.test(headerValue(request, 'user-agent') || '')) {
    variant = control;
  } else if (preview) {
    variant = hasVariant(campaign, preview.value) ? preview.value : control;
    request.headers[PREVIEWING] = { value: variant };
  } else if (campaign.variants.length > 1) {
    variant = keptVariant(request, campaign);
    if (variant === undefined) {
      variant = drawVariant(campaign, Math.random());
      request.headers[SET_VARIANT] = { value: campaign.id + ' ' + variant };
    }
  }
  request.uri = variantUri(campaign, variant);
  return request;
}

function route(request) {
  var uri = request.uri;
  if (uri.charAt(uri.length - 1) === '/') {
    request.uri = uri + 'index.html';
    return request;
  }
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) {
    return {
      statusCode: 301,
      statusDescription: 'Moved Permanently',
      headers: {
        location: { value: uri + '/' + search(request.querystring || {}) },
        'cache-control': { value: 'public, max-age=3600' },
      },
    };
  }
  return request;
}

function viewerRequest(event) {
  var request = event.request;
  request.headers = request.headers || {};
  delete request.headers[SET_VARIANT];
  delete request.headers[PREVIEWING];
  var campaign = campaignAt(request.uri);
  return campaign ? campaignRequest(request, campaign) : route(request);
}

function viewerResponse(event) {
  var request = event.request;
  var response = event.response;
  response.headers = response.headers || {};
  var chosen = (headerValue(request, SET_VARIANT) || '').split(' ');
  var campaign = campaignById(chosen[0]);
  if (campaign && hasVariant(campaign, chosen[1])) {
    response.cookies = response.cookies || {};
    response.cookies[CAMPAIGN_TABLE.cookiePrefix + campaign.id] = {
      value: chosen[1],
      attributes:
        'Path=' +
        campaign.path +
        '; Max-Age=' +
        CAMPAIGN_TABLE.cookieDays * 86400 +
        '; Secure; HttpOnly; SameSite=Lax',
    };
    // A response that sets a cookie is for this visitor alone.
    response.headers['cache-control'] = { value: 'private, no-cache' };
  }
  if (headerValue(request, PREVIEWING) !== undefined) {
    response.headers['cache-control'] = { value: 'private, no-store' };
    response.headers['x-robots-tag'] = { value: 'noindex' };
  }
  return response;
}

// CloudFront calls it by name.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
async function handler(event) {
  return event.context && event.context.eventType === 'viewer-response'
    ? viewerResponse(event)
    : viewerRequest(event);
}
