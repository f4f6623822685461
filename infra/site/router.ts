/**
 * The CloudFront Function (viewer request) that maps the site's clean URLs to the objects the
 * build writes: `/thank-you/` is `thank-you/index.html`, and `/thank-you` gets a permanent
 * redirect to `/thank-you/` with its query string kept (so campaign links lose no UTM values).
 * A path whose last segment has a dot is a file and passes unchanged. Because it runs before
 * the cache, the cache key is the object's own path, which is what a deploy invalidates.
 *
 * Plain ES5-style JavaScript for the cloudfront-js-2.0 runtime; tests/infra/site-router.test.ts
 * runs this exact source.
 */
export const SITE_ROUTER_SOURCE = `
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

async function handler(event) {
  var request = event.request;
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
        'cache-control': { value: 'public, max-age=3600' }
      }
    };
  }
  return request;
}
`.trim();
