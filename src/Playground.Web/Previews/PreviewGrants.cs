using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Playground.Web.Previews;

/// <summary>
/// What lets a browser into a preview host, whose requests carry no Playground cookie (that cookie is host-only):
/// a one-time ticket, issued on Playground's origin to the owner of a workspace and valid for
/// <see cref="PreviewOptions.TicketSeconds"/>, which the preview host exchanges for a cookie of its own. The cookie
/// names the learner, workspace and port, expires after <see cref="CookieLifetime"/>, and is signed (HMAC-SHA256)
/// with a key made when this process starts: a restart only means opening the preview again from the lesson page.
/// Ownership is checked again on every request, so an ended or reassigned workspace is never reached.
/// </summary>
internal sealed class PreviewGrants(IOptions<PreviewOptions> options, TimeProvider time)
{
    /// <summary>The preview host's cookie (host-only, HttpOnly, SameSite=Lax); never forwarded to the app.</summary>
    public const string CookieName = "pg_preview";

    /// <summary>How long a preview cookie lets its holder in (sessions end sooner; ownership is rechecked anyway).</summary>
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromHours(12);

    private readonly ConcurrentDictionary<string, (PreviewGrant Grant, DateTimeOffset Expires)> _tickets = new(StringComparer.Ordinal);
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    /// <summary>A new one-time ticket for <paramref name="grant"/> (URL-safe text).</summary>
    public string IssueTicket(PreviewGrant grant)
    {
        var now = time.GetUtcNow();
        // Tickets nobody redeemed are dropped whenever a new one is issued: the table stays as small as the traffic.
        foreach (var (key, value) in _tickets)
            if (value.Expires <= now) _tickets.TryRemove(key, out _);
        var ticket = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(24));
        _tickets[ticket] = (grant, now.AddSeconds(Math.Clamp(options.Value.TicketSeconds, 5, 600)));
        return ticket;
    }

    /// <summary>The grant of <paramref name="ticket"/>, consumed; null when unknown, used or expired.</summary>
    public PreviewGrant? Redeem(string? ticket)
    {
        if (string.IsNullOrEmpty(ticket) || !_tickets.TryRemove(ticket, out var entry)) return null;
        return entry.Expires > time.GetUtcNow() ? entry.Grant : null;
    }

    /// <summary>
    /// The cookie value for <paramref name="grant"/>: <c>learner.workspace.port.expiry.signature</c>, or
    /// <c>learner.workspace.port.expiry.instructor.signature</c> for an instructor's grant.
    /// </summary>
    public string CookieValue(PreviewGrant grant)
    {
        var expires = time.GetUtcNow().Add(CookieLifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var payload = $"{grant.LearnerId}.{grant.Target.WorkspaceId}.{grant.Target.Port.ToString(CultureInfo.InvariantCulture)}.{expires}";
        if (grant.InstructorId is { } instructor) payload += "." + instructor;
        return payload + "." + Sign(payload);
    }

    /// <summary>The grant a cookie value carries when its signature holds and it has not expired; else null.</summary>
    public PreviewGrant? ReadCookie(string? value)
    {
        var parts = value?.Split('.');
        if (parts is not { Length: 5 or 6 }) return null;
        var payload = string.Join('.', parts[..^1]);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(payload)), Encoding.ASCII.GetBytes(parts[^1]))) return null;
        if (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || DateTimeOffset.FromUnixTimeSeconds(expires) <= time.GetUtcNow())
            return null;
        return new PreviewGrant(parts[0], new PreviewTarget(parts[1], port), parts.Length == 6 ? parts[4] : null);
    }

    private string Sign(string payload) => WebEncoders.Base64UrlEncode(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(payload)));
}

/// <summary>
/// A permission to open one port of one workspace of learner <paramref name="LearnerId"/>: the learner's own, or, when
/// <paramref name="InstructorId"/> is set, that instructor's (rechecked on every request: the learner must still be
/// a cohort member and the instructor must still exist).
/// </summary>
internal sealed record PreviewGrant(string LearnerId, PreviewTarget Target, string? InstructorId = null);
