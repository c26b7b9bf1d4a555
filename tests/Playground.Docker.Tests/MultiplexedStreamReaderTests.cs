namespace Playground.Docker.Tests;

public sealed class MultiplexedStreamReaderTests
{
    private static byte[] Frame(StreamKind kind, string text)
    {
        var payload = System.Text.Encoding.UTF8.GetBytes(text);
        var frame = new byte[8 + payload.Length];
        frame[0] = (byte)kind;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(frame, 8);
        return frame;
    }

    [Fact]
    public async Task Frames_larger_than_the_buffer_arrive_in_pieces_of_the_same_stream()
    {
        var bytes = Frame(StreamKind.Stdout, "hello world").Concat(Frame(StreamKind.Stderr, "oops")).ToArray();
        var reader = new MultiplexedStreamReader(new MemoryStream(bytes));
        var buffer = new byte[4];
        var pieces = new List<(StreamKind, string)>();

        while (await reader.ReadAsync(buffer, TestContext.Current.CancellationToken) is { } frame)
            pieces.Add((frame.Kind, System.Text.Encoding.UTF8.GetString(buffer, 0, frame.Length)));

        Assert.Equal("hello world", string.Concat(pieces.Where(p => p.Item1 == StreamKind.Stdout).Select(p => p.Item2)));
        Assert.Equal("oops", string.Concat(pieces.Where(p => p.Item1 == StreamKind.Stderr).Select(p => p.Item2)));
        Assert.All(pieces, p => Assert.InRange(p.Item2.Length, 1, 4));
    }

    [Fact]
    public async Task Empty_frames_are_skipped_and_a_cut_header_is_an_error()
    {
        var bytes = Frame(StreamKind.Stdout, "").Concat(Frame(StreamKind.Stdout, "x")).Concat(new byte[] { 1, 0, 0 }).ToArray();
        var reader = new MultiplexedStreamReader(new MemoryStream(bytes));
        var buffer = new byte[16];
        var ct = TestContext.Current.CancellationToken;

        var first = await reader.ReadAsync(buffer, ct);
        Assert.Equal(new ExecFrame(StreamKind.Stdout, 1), first);
        await Assert.ThrowsAsync<EndOfStreamException>(async () => await reader.ReadAsync(buffer, ct));
    }
}
