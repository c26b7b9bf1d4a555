using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using Playground.Sandboxes.Backends;

namespace Playground.Sandboxes.Docker;

/// <summary>
/// A TCP connection to <c>127.0.0.1:PORT</c> inside a <c>--network none</c> sandbox, carried by a non-TTY exec of
/// a small forwarder: its stdin/stdout are the connection, its stderr the handshake. The forwarder is Perl with
/// core modules only, because perl-base is part of every Debian system (the images' base), so no image needs a
/// tool added for it. It reports "connected" once connected and exits 1 at once with "refused" when nothing
/// listens, so a closed port is known before any byte of HTTP is sent. Half-close is kept: the end of stdin
/// shuts the socket's write side; the server closing the connection ends the exec.
/// </summary>
internal static class DockerPortStream
{
    private const string Connected = "connected\n";

    private const string Forwarder = """
        use IO::Socket::INET; use IO::Select;
        my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $ARGV[0], Proto => 'tcp')
            or do { print STDERR "refused: $!\n"; exit 1 };
        $s->autoflush(1); print STDERR "connected\n";
        my $sel = IO::Select->new(\*STDIN, $s);
        sub put { my ($fh, $buf, $n) = @_; my $o = 0;
            while ($o < $n) { my $w = syswrite($fh, $buf, $n - $o, $o); exit 0 unless defined $w; $o += $w } }
        while (1) {
            for my $fh ($sel->can_read) {
                my $n = sysread($fh, my $buf, 65536);
                if ($fh == $s) { exit 0 unless $n; put(\*STDOUT, $buf, $n) }
                elsif (!$n) { $sel->remove(\*STDIN); shutdown($s, 1) }
                else { put($s, $buf, $n) }
            }
        }
        """;

    public static async Task<Stream> OpenAsync(DockerClient docker, string container, string sandboxId, int port, CancellationToken ct)
    {
        var exec = await docker.Exec.CreateContainerExecAsync(container, new ContainerExecCreateParameters
        {
            // nobody: connecting to loopback needs no privilege, and the forwarder should hold none.
            Cmd = ["perl", "-e", Forwarder, port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            User = "nobody",
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
            TTY = false,
        }, ct);
        var stream = await docker.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters { TTY = false }, ct);
        try
        {
            var stderr = new StringBuilder();
            var early = new MemoryStream();
            var buffer = new byte[16 * 1024];
            while (true)
            {
                var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, ct);
                if (read.EOF)
                {
                    var text = stderr.ToString();
                    if (text.StartsWith("refused", StringComparison.Ordinal))
                        throw new SandboxPortClosedException(sandboxId, port);
                    throw new SandboxBackendException($"the port forwarder in the sandbox {sandboxId} failed: {Cut(text)}");
                }
                if (read.Target == MultiplexedStream.TargetStream.StandardError)
                {
                    stderr.Append(Encoding.UTF8.GetString(buffer, 0, read.Count));
                    if (stderr.ToString().Contains(Connected, StringComparison.Ordinal))
                        return new ExecStdioStream(stream, early.ToArray());
                }
                else
                {
                    early.Write(buffer, 0, read.Count);
                }
            }
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static string Cut(string text)
    {
        text = text.Trim();
        return text.Length > 300 ? text[..300] + "…" : text.Length == 0 ? "no output" : text;
    }

    /// <summary>The exec's stdout as reads (stderr frames dropped), its stdin as writes. Disposing closes the hijacked
    /// connection, which ends the forwarder's stdin; it then closes the TCP connection and exits.</summary>
    private sealed class ExecStdioStream(MultiplexedStream inner, byte[] early) : ExecStream(inner)
    {
        private byte[] _pending = early;
        private int _pendingOffset;
        private int _pendingCount = early.Length;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            // Bytes read ahead (during the handshake, or by a zero-byte read) go first.
            if (_pendingOffset < _pendingCount)
            {
                if (buffer.Length == 0) return 0;
                var n = Math.Min(buffer.Length, _pendingCount - _pendingOffset);
                _pending.AsMemory(_pendingOffset, n).CopyTo(buffer);
                _pendingOffset += n;
                return n;
            }
            // SocketsHttpHandler waits for data with zero-byte reads: a frame is read ahead and kept, never lost.
            var peek = buffer.Length == 0;
            var array = new byte[Math.Max(buffer.Length, 16 * 1024)];
            while (true)
            {
                var result = await Inner.ReadOutputAsync(array, 0, peek ? array.Length : Math.Min(array.Length, buffer.Length), ct);
                if (result.EOF) return 0;
                if (result.Target == MultiplexedStream.TargetStream.StandardError || result.Count == 0) continue; // nothing else writes there
                if (peek)
                {
                    _pending = array;
                    _pendingOffset = 0;
                    _pendingCount = result.Count;
                    return 0;
                }
                array.AsSpan(0, result.Count).CopyTo(buffer.Span);
                return result.Count;
            }
        }
    }
}
