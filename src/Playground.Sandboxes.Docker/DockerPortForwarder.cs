using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using Playground.Sandboxes.Backends;

namespace Playground.Sandboxes.Docker;

/// <summary>
/// A port forwarder in a <c>--network none</c> sandbox: one non-TTY exec of a small Perl program (core
/// <c>Socket</c> module only: perl-base is part of every Debian system, the images' base, so no image needs a tool
/// added for it) that carries TCP connections to <c>127.0.0.1:PORT</c>, one after the other, over its stdin and
/// stdout. Starting an exec costs the engine 50-90 ms here (create, start, runc joining the container, perl
/// starting) against ~1 ms for a connect, and HTTP/1.0 apps (python's http.server) close every connection, so a
/// forwarder is kept and reused (<see cref="PortForwarderPool"/>) instead of one exec per connection.
/// <para>
/// Both ways the bytes are frames: a type byte, a big-endian 32-bit length, the payload. To the forwarder:
/// <c>O</c> (open; payload the port in ASCII), <c>D</c> (data for the server), <c>E</c> (no more data: shut the
/// socket's write side), <c>X</c> (close the connection). From it: <c>C</c> (connected), <c>R</c> (refused; payload
/// the reason; it waits for the next <c>O</c>), <c>D</c> (data from the server), <c>E</c> (the server closed its
/// side), <c>F</c> (the connection is closed after <c>X</c>: the forwarder waits for the next <c>O</c>). Everything
/// travels on stdout, whose order the engine keeps; stderr only carries Perl's own errors. The end of stdin ends
/// the forwarder.
/// </para>
/// </summary>
internal sealed class DockerPortForwarder : IDisposable
{
    private const string Program = """
        use Socket;
        $SIG{PIPE} = 'IGNORE';
        sub out { my $b = pack('aN', $_[0], length $_[1]) . $_[1]; my $o = 0;
            while ($o < length $b) { my $w = syswrite(STDOUT, $b, length($b) - $o, $o); exit 0 unless defined $w; $o += $w } }
        sub in { my $n = shift; my $b = ''; while (length $b < $n) { sysread(STDIN, $b, $n - length $b, length $b) or exit 0 } $b }
        sub frame { my ($t, $n) = unpack('aN', in(5)); ($t, $n ? in($n) : '') }
        while (1) {
            my ($t, $port) = frame();
            next unless $t eq 'O';
            my $s;
            unless (socket($s, PF_INET, SOCK_STREAM, 0) && connect($s, pack_sockaddr_in(int $port, inet_aton('127.0.0.1')))) {
                out('R', "$!"); close $s if $s; next }
            out('C', '');
            my ($open, $sf) = (1, fileno($s));
            while (1) {
                my $r = ''; vec($r, 0, 1) = 1; vec($r, $sf, 1) = 1 if $open;
                next unless select($r, undef, undef, undef) > 0;
                if ($open && vec($r, $sf, 1)) { my $n = sysread($s, my $b, 65536); if ($n) { out('D', $b) } else { out('E', ''); $open = 0 } }
                if (vec($r, 0, 1)) {
                    my ($t, $d) = frame();
                    if ($t eq 'D') { my $o = 0; while ($o < length $d) { my $w = syswrite($s, $d, length($d) - $o, $o); last unless $w; $o += $w } }
                    elsif ($t eq 'E') { shutdown($s, 1) }
                    elsif ($t eq 'X') { last }
                }
            }
            close $s; out('F', '');
        }
        """;

    private const int HeaderLength = 5;
    private const int MaxStderr = 2048;

    private readonly MultiplexedStream _exec;
    private readonly byte[] _header = new byte[HeaderLength];
    private readonly StringBuilder _stderr = new();
    private int _disposed;

    private DockerPortForwarder(MultiplexedStream exec, string sandboxId)
    {
        _exec = exec;
        SandboxId = sandboxId;
    }

    public string SandboxId { get; }

    /// <summary>Creates and starts a forwarder exec (as <c>nobody</c>: connecting to loopback needs no privilege).</summary>
    public static async Task<DockerPortForwarder> StartAsync(DockerClient docker, string container, string sandboxId, CancellationToken ct)
    {
        var exec = await docker.Exec.CreateContainerExecAsync(container, new ContainerExecCreateParameters
        {
            Cmd = ["perl", "-e", Program],
            User = "nobody",
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
            TTY = false,
        }, ct);
        var stream = await docker.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters { TTY = false }, ct);
        return new DockerPortForwarder(stream, sandboxId);
    }

    /// <summary>
    /// Opens a connection to <paramref name="port"/>. Refused: <see cref="SandboxPortClosedException"/>, and the
    /// forwarder stays usable. Any other failure (the forwarder is dead): <see cref="SandboxBackendException"/>.
    /// </summary>
    public async Task ConnectAsync(int port, CancellationToken ct)
    {
        await WriteFrameAsync((byte)'O', Encoding.ASCII.GetBytes(port.ToString(CultureInfo.InvariantCulture)), ct);
        var (type, length) = await ReadHeaderAsync(ct);
        switch (type)
        {
            case (byte)'C' when length == 0:
                return;
            case (byte)'R':
                await SkipAsync(length, ct);
                throw new SandboxPortClosedException(SandboxId, port);
            default:
                throw Broken($"answered '{(char)type}' to open");
        }
    }

    /// <summary>Reads a frame header; the end of the exec is a <see cref="SandboxBackendException"/> with Perl's stderr.</summary>
    public async Task<(byte Type, int Length)> ReadHeaderAsync(CancellationToken ct)
    {
        await ReadExactlyAsync(_header, 0, HeaderLength, ct);
        var length = BinaryPrimitives.ReadInt32BigEndian(_header.AsSpan(1));
        if (length < 0) throw Broken("sent a bad frame");
        return (_header[0], length);
    }

    /// <summary>Up to <paramref name="count"/> payload bytes (at least one); throws at the end of the exec.</summary>
    public async Task<int> ReadSomeAsync(byte[] array, int offset, int count, CancellationToken ct)
    {
        while (true)
        {
            var result = await _exec.ReadOutputAsync(array, offset, count, ct);
            if (result.EOF) throw Broken("ended");
            if (result.Target == MultiplexedStream.TargetStream.StandardError)
            {
                if (_stderr.Length < MaxStderr) _stderr.Append(Encoding.UTF8.GetString(array, offset, result.Count));
                continue;
            }
            if (result.Count > 0) return result.Count;
        }
    }

    public async Task SkipAsync(int length, CancellationToken ct)
    {
        if (length == 0) return;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(length, 64 * 1024));
        try
        {
            while (length > 0) length -= await ReadSomeAsync(buffer, 0, Math.Min(length, buffer.Length), ct);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task WriteFrameAsync(byte type, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        // One write per frame while it is small (a request head): each write is a syscall and a pipe wake-up.
        var small = payload.Length <= 16 * 1024;
        var buffer = ArrayPool<byte>.Shared.Rent(HeaderLength + (small ? payload.Length : 0));
        try
        {
            buffer[0] = type;
            BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(1), payload.Length);
            if (small)
            {
                payload.Span.CopyTo(buffer.AsSpan(HeaderLength));
                await _exec.WriteAsync(buffer, 0, HeaderLength + payload.Length, ct);
                return;
            }
            await _exec.WriteAsync(buffer, 0, HeaderLength, ct);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(payload, out var segment))
            await _exec.WriteAsync(segment.Array!, segment.Offset, segment.Count, ct);
        else
            await _exec.WriteAsync(payload.ToArray(), 0, payload.Length, ct);
    }

    /// <summary>
    /// Ends the current connection (<c>X</c>) and reads until the forwarder confirms it (<c>F</c>), dropping what the
    /// server still sent. True when the forwarder is ready for another connection.
    /// </summary>
    public async Task<bool> CloseConnectionAsync(CancellationToken ct)
    {
        try
        {
            await WriteFrameAsync((byte)'X', ReadOnlyMemory<byte>.Empty, ct);
            while (true)
            {
                var (type, length) = await ReadHeaderAsync(ct);
                if (type == (byte)'F') return length == 0;
                if (type is not ((byte)'D' or (byte)'E')) return false;
                await SkipAsync(length, ct);
            }
        }
        catch (Exception e) when (e is SandboxException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
    }

    private async Task ReadExactlyAsync(byte[] array, int offset, int count, CancellationToken ct)
    {
        while (count > 0)
        {
            var n = await ReadSomeAsync(array, offset, count, ct);
            offset += n;
            count -= n;
        }
    }

    private SandboxBackendException Broken(string what)
    {
        var text = _stderr.ToString().Trim();
        return new SandboxBackendException($"the port forwarder in the sandbox {SandboxId} {what}: {(text.Length == 0 ? "no output" : text.Length > 300 ? text[..300] + "…" : text)}");
    }

    /// <summary>Closes the exec's connection: the forwarder's stdin ends and it exits (its connection with it).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) _exec.Dispose();
    }
}
