using System.Net;

namespace Playground.Web.Previews;

/// <summary>The short pages previews answer with instead of the app, in English and Korean.</summary>
internal static class PreviewPages
{
    public static async Task WriteAsync(HttpContext http, int status, string html)
    {
        if (http.Response.HasStarted) return;
        http.Response.Clear();
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        await http.Response.WriteAsync(html, http.RequestAborted);
    }

    public static string Closed(int port) => Page(port,
        $"Nothing is listening on port {port} in your sandbox yet.",
        $"Start your server in the terminal (for example <code>python3 -m http.server {port}</code>), make sure it listens on this port, then reload this page.",
        $"샌드박스의 {port}번 포트에서 아직 아무것도 요청을 기다리고 있지 않습니다.",
        $"터미널에서 서버를 시작하고(예: <code>python3 -m http.server {port}</code>) 이 포트에서 기다리는지 확인한 다음 이 페이지를 새로 고치세요.");

    public static string Failed(int port) => Page(port,
        $"The preview of port {port} could not reach your sandbox.",
        "Your sandbox may have ended or restarted. Go back to the lesson page, then open the preview again.",
        $"{port}번 포트의 미리보기가 샌드박스에 연결하지 못했습니다.",
        "샌드박스가 끝났거나 다시 시작되었을 수 있습니다. 레슨 페이지로 돌아가 미리보기를 다시 여세요.");

    public static string NotYours(int port) => Page(port,
        "This preview is not open to you.",
        "A preview opens only for the learner whose sandbox it shows and for the instructors of their cohort (signed in). Open it from your lesson page (Open preview, or a preview link in the lesson), or, as an instructor, from the cohort's dashboard.",
        "이 미리보기를 열 권한이 없습니다.",
        "미리보기는 그 샌드박스의 학습자와 (로그인한) 그 코호트의 강사만 열 수 있습니다. 레슨 페이지에서 여세요(미리보기 열기 또는 레슨의 미리보기 링크). 강사는 코호트 대시보드에서 열 수 있습니다.");

    public static string NotInCohort(int port) => Page(port,
        "This learner is not in a cohort.",
        "Instructors can open previews of their cohort's learners only. This sandbox belongs to a learner who joined no cohort.",
        "이 학습자는 코호트에 속해 있지 않습니다.",
        "강사는 자기 코호트 학습자의 미리보기만 열 수 있습니다. 이 샌드박스의 학습자는 어느 코호트에도 참여하지 않았습니다.");

    public static string LearnerSessionEnded(int port) => Page(port,
        "This learner's session has ended.",
        "There is no sandbox to preview any more. Open the preview again from the dashboard once the learner has started a new session.",
        "이 학습자의 세션이 종료되었습니다.",
        "더 이상 미리 볼 샌드박스가 없습니다. 학습자가 새 세션을 시작하면 대시보드에서 미리보기를 다시 여세요.");

    public static string Expired(int port) => Page(port,
        "This preview link has expired or was already used.",
        "Preview links work once, for a minute. Go back to the lesson page and open the preview again.",
        "이 미리보기 링크는 만료되었거나 이미 사용되었습니다.",
        "미리보기 링크는 1분 동안 한 번만 쓸 수 있습니다. 레슨 페이지로 돌아가 미리보기를 다시 여세요.");

    public static string Unavailable(int port) => Page(port,
        "Previews are not available on this server's address.",
        "Previews need a host name (not an IP address). Ask your instructor: the operator sets Playground:PublicUrl to a name with a wildcard DNS entry.",
        "이 서버 주소에서는 미리보기를 쓸 수 없습니다.",
        "미리보기에는 IP 주소가 아닌 호스트 이름이 필요합니다. 강사에게 문의하세요. 운영자가 와일드카드 DNS가 있는 이름으로 Playground:PublicUrl을 설정해야 합니다.");

    private static string Page(int port, string title, string text, string titleKo, string textKo) => $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Preview: port {{port}}</title>
        <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}code{background:#eee;padding:0 .2em}</style>
        </head><body>
        <h1>{{WebUtility.HtmlEncode(title)}}</h1><p>{{text}}</p>
        <div lang="ko"><h1>{{WebUtility.HtmlEncode(titleKo)}}</h1><p>{{textKo}}</p></div>
        </body></html>
        """;
}
