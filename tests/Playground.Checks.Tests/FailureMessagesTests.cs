namespace Playground.Checks.Tests;

public class FailureMessagesTests
{
    [Theory]
    [InlineData("FAIL: a\nFAIL: b\n", "b")]
    [InlineData("FAIL: only\r\nmore output\n", "only")]
    [InlineData("FAIL: real\nFAIL:   \n", "real")]          // an empty FAIL: line says nothing
    [InlineData("  FAIL: indented\n", null)]                 // must start the line
    [InlineData("fail: lower\n", null)]
    [InlineData("no marker here", null)]
    [InlineData("", null)]
    public void The_last_FAIL_line_is_found(string stdout, string? expected) =>
        Assert.Equal(expected, FailureMessages.LastFailLine(stdout));

    [Fact]
    public void The_authors_fail_text_wins_then_the_FAIL_line_then_the_exit_code()
    {
        Assert.Equal("Author text", FailureMessages.ForFailure("  Author text ", "FAIL: script text", 1));
        Assert.Equal("script text", FailureMessages.ForFailure(null, "FAIL: script text", 1));
        Assert.Equal("script text", FailureMessages.ForFailure("  ", "FAIL: script text", 1));
        Assert.Contains("exit code 42", FailureMessages.ForFailure(null, "nothing", 42));
    }
}
