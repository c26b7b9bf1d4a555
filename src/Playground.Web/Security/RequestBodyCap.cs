using Microsoft.AspNetCore.Http.Features;
using Playground.Web.Errors;

namespace Playground.Web.Security;

/// <summary>
/// Makes every body over Kestrel's cap (<c>Playground:MaxRequestBodySize</c>, 1 MiB by default) answer 413 with the
/// same fixed message, however it was sent. Kestrel refuses such a body when it is read (a
/// <see cref="BadHttpRequestException"/> with 413), but minimal API binding treats a failed read as a malformed
/// request (400), and a chunked body (no Content-Length) that is not valid JSON is refused as malformed after the
/// first buffer, before its size is known. So the body is observed while the endpoint reads it, and when the answer
/// is a refusal (4xx) the cap decides: a read that hit the cap, or a chunked body whose remainder (read here, never
/// past the cap) goes over it, is answered 413 "The request body is too large." as ProblemDetails.
/// Runs inside the status-code pages, so the 413 replaces their 400 text.
/// </summary>
internal static class RequestBodyCap
{
    public const string Message = "The request body is too large.";

    public static IApplicationBuilder UseRequestBodyCap(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false } || http.Request.ContentLength == 0)
        {
            await next(http);
            return;
        }
        var body = new ObservedBody(http.Request.Body);
        http.Request.Body = body;
        await next(http);
        if (http.Response.HasStarted || http.Response.StatusCode is < 400 or >= 500 or StatusCodes.Status413PayloadTooLarge) return;
        // A chunked body the endpoint began to read and gave up on: its size decides between malformed and too large.
        if (!body.Exceeded && !body.Ended && body.BytesRead > 0 && http.Request.ContentLength is null) await body.DrainAsync(http.RequestAborted);
        if (!body.Exceeded) return;
        http.Response.Clear();
        await ProblemExceptionHandler.WriteAsync(http, StatusCodes.Status413PayloadTooLarge, Message);
    });

    /// <summary>The request body as read by the endpoint: how much, whether to its end, whether Kestrel's cap refused a read.</summary>
    private sealed class ObservedBody(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }
        public bool Ended { get; private set; }
        public bool Exceeded { get; private set; }

        /// <summary>Reads the rest of the body (Kestrel stops it at the cap) to learn whether it is over the cap.</summary>
        public async Task DrainAsync(CancellationToken ct)
        {
            var buffer = new byte[16 * 1024];
            try
            {
                while (await ReadAsync(buffer, ct) > 0) { }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException) { } // a 413 is recorded by ReadAsync
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return Count(await inner.ReadAsync(buffer, cancellationToken), buffer.Length);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                Exceeded = true;
                throw;
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count)
        {
            try
            {
                return Count(inner.Read(buffer, offset, count), count);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                Exceeded = true;
                throw;
            }
        }

        private int Count(int read, int asked)
        {
            BytesRead += read;
            // Pipe readers make zero-byte reads to wait for data: only an empty answer to a real read is the end.
            if (read == 0 && asked > 0) Ended = true;
            return read;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
