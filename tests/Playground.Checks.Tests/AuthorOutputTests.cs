using System.Text;

namespace Playground.Checks.Tests;

public class AuthorOutputTests
{
    [Fact]
    public void Stdout_then_stderr_on_its_own_line()
    {
        Assert.Equal("out\nerr\n", AuthorOutput.Compose("out\n", "err\n", false, 100));
        Assert.Equal("out\nerr", AuthorOutput.Compose("out", "err", false, 100));
        Assert.Equal("err", AuthorOutput.Compose("", "err", false, 100));
        Assert.Equal("", AuthorOutput.Compose("", "", false, 100));
    }

    [Fact]
    public void Output_over_the_cap_is_cut_and_marked()
    {
        var output = AuthorOutput.Compose(new string('x', 100), "", false, 10);
        Assert.Equal("xxxxxxxxxx\n[truncated]", output);
    }

    [Fact]
    public void Output_the_target_already_cut_is_marked()
    {
        Assert.Equal("abc\n[truncated]", AuthorOutput.Compose("abc", "", alreadyTruncated: true, 100));
        Assert.Equal("abc\n[truncated]", AuthorOutput.Compose("abc\n", "", alreadyTruncated: true, 100));
    }

    [Fact]
    public void Cutting_never_splits_a_character()
    {
        // 한 is 3 bytes in UTF-8, 😀 is 4 (a surrogate pair in UTF-16).
        Assert.Equal("한한", AuthorOutput.CapUtf8("한한한", 8, out var cut));
        Assert.True(cut);
        Assert.Equal("a😀", AuthorOutput.CapUtf8("a😀😀", 8, out _));
        Assert.Equal("a", AuthorOutput.CapUtf8("a😀", 4, out _));
        Assert.Equal("한한한", AuthorOutput.CapUtf8("한한한", 9, out cut));
        Assert.False(cut);
        var big = string.Concat(Enumerable.Repeat("가나다😀", 10_000));
        var capped = AuthorOutput.CapUtf8(big, 16 * 1024, out _);
        Assert.StartsWith(capped, big, StringComparison.Ordinal);
        Assert.InRange(Encoding.UTF8.GetByteCount(capped), 16 * 1024 - 3, 16 * 1024);
        Assert.False(char.IsHighSurrogate(capped[^1]));
    }
}
