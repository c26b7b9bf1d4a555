using System.Threading.Channels;

namespace Playground.Web.Cohorts;

/// <summary>A short message from an instructor to every open page of a cohort.</summary>
internal sealed record BroadcastMessage(string Text, string From, DateTimeOffset At);

/// <summary>Fan-out of instructor broadcasts to the open pages (server-sent events) of one cohort's learners.</summary>
internal sealed class LearnerBroadcasts
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<Channel<BroadcastMessage>>> _pages = new(StringComparer.Ordinal);

    /// <summary>A channel that receives the cohort's broadcasts until disposed via <see cref="Leave"/>.</summary>
    public Channel<BroadcastMessage> Join(string cohortId)
    {
        // Bounded: a page that stops reading loses old messages rather than growing the server's memory.
        var channel = Channel.CreateBounded<BroadcastMessage>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_lock)
        {
            if (!_pages.TryGetValue(cohortId, out var list)) _pages[cohortId] = list = [];
            list.Add(channel);
        }
        return channel;
    }

    public void Leave(string cohortId, Channel<BroadcastMessage> channel)
    {
        lock (_lock)
        {
            if (_pages.TryGetValue(cohortId, out var list) && list.Remove(channel) && list.Count == 0) _pages.Remove(cohortId);
        }
    }

    /// <summary>Sends to every open page of the cohort; returns how many pages were open.</summary>
    public int Send(string cohortId, BroadcastMessage message)
    {
        List<Channel<BroadcastMessage>> targets;
        lock (_lock) targets = _pages.TryGetValue(cohortId, out var list) ? [.. list] : [];
        foreach (var channel in targets) channel.Writer.TryWrite(message);
        return targets.Count;
    }
}
