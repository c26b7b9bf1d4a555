using Playground.Sandboxes.Concurrency;

namespace Playground.Sandboxes.Tests;

public class KeyedLockTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_holder_per_key_others_run_and_entries_are_released()
    {
        var locks = new KeyedLock<string>(StringComparer.Ordinal);
        var a = await locks.AcquireAsync("a", Ct);
        var b = await locks.AcquireAsync("b", Ct); // another key is not blocked
        var second = locks.AcquireAsync("a", Ct);
        Assert.False(second.IsCompleted);
        Assert.Equal(2, locks.Count);

        a.Dispose();
        a.Dispose(); // twice is harmless: it must not release the next holder's lock
        using (await second.WaitAsync(TimeSpan.FromSeconds(10), Ct))
        {
            var third = locks.AcquireAsync("a", Ct);
            Assert.False(third.IsCompleted);
            b.Dispose();
            Assert.Equal(1, locks.Count);
            _ = third.ContinueWith(t => t.Result.Dispose(), TaskScheduler.Default);
        }
        for (var i = 0; i < 100 && locks.Count > 0; i++) await Task.Delay(10, Ct);
        Assert.Equal(0, locks.Count);
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_nothing_behind()
    {
        var locks = new KeyedLock<int>();
        var held = await locks.AcquireAsync(1, Ct);
        using var cts = new CancellationTokenSource();
        var waiting = locks.AcquireAsync(1, cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held.Dispose();
        Assert.Equal(0, locks.Count);
        using (await locks.AcquireAsync(1, Ct)) Assert.Equal(1, locks.Count);
        Assert.Equal(0, locks.Count);
    }
}
