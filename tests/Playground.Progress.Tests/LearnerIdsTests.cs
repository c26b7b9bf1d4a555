namespace Playground.Progress.Tests;

public class LearnerIdsTests
{
    [Fact]
    public void New_ids_are_valid_url_safe_and_distinct()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => LearnerIds.New()).ToList();

        Assert.All(ids, id =>
        {
            Assert.Equal(26, id.Length);
            Assert.True(LearnerIds.IsValid(id), id);
            Assert.Equal(Uri.EscapeDataString(id), id);
        });
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void New_ids_use_every_bit_position()
    {
        // Each of the first 25 characters carries 5 random bits: over many ids every position must vary.
        var ids = Enumerable.Range(0, 2_000).Select(_ => LearnerIds.New()).ToList();
        for (var i = 0; i < 25; i++) Assert.True(ids.Select(id => id[i]).Distinct().Count() > 20, $"position {i}");
        Assert.Equal(8, ids.Select(id => id[25]).Distinct().Count()); // last char: 3 random bits
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaa")]            // 25
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaa")]          // 27
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAA")]           // uppercase
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaa1")]           // 1 is not base32
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaab")]           // non-canonical: unused low bits set
    [InlineData("aaaaaaaaaaaaaaaaaaaa'; --a")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaa=")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaa\na")]
    [InlineData("ааааааааааааааааааааааааaa")]           // Cyrillic look-alikes
    public void Junk_is_rejected(string? id)
    {
        Assert.False(LearnerIds.IsValid(id));
        Assert.Throws<ArgumentException>(() => LearnerIds.EnsureValid(id));
    }
}
