using Playground.Web.Learners;
using Yarp.ReverseProxy.Forwarder;

namespace Playground.Web.Previews;

/// <summary>
/// What passes between the browser and the previewed app: the browser's Host (so apps building absolute links
/// see the address the learner used), never Playground's own cookies, and on the way back the preview's CSP and
/// no attempt to set a Playground cookie.
/// </summary>
internal sealed class PreviewTransformer(PreviewTarget target) : HttpTransformer
{
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken ct)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, ct);
        PreviewConnections.Tag(proxyRequest, target);
        proxyRequest.Headers.Host = httpContext.Request.Host.Value;
        if (proxyRequest.Headers.TryGetValues("Cookie", out var cookies))
        {
            var kept = cookies.SelectMany(c => c.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                .Where(c => !PreviewRoutes.IsPlaygroundCookie(c.Split('=', 2)[0].Trim()))
                .ToList();
            proxyRequest.Headers.Remove("Cookie");
            if (kept.Count > 0) proxyRequest.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", kept));
        }
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken ct)
    {
        var result = await base.TransformResponseAsync(httpContext, proxyResponse, ct);
        var headers = httpContext.Response.Headers;
        headers.ContentSecurityPolicy = PreviewRoutes.ContentSecurityPolicy;
        // Nor a cookie with a Domain attribute: on a preview host it would reach the parent domain, i.e. Playground
        // and every other learner's preview (cookie tossing); the app's cookies stay host-only.
        var setCookies = headers.SetCookie.Where(c => c is not null && !PreviewRoutes.IsPlaygroundCookie(c.Split('=', 2)[0].Trim())
            && !c.Split(';').Skip(1).Any(a => a.Trim().StartsWith("domain", StringComparison.OrdinalIgnoreCase))).ToArray();
        if (setCookies.Length != headers.SetCookie.Count) headers.SetCookie = setCookies;
        return result;
    }
}
