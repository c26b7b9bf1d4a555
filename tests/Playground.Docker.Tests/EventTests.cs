using Playground.Testing;

namespace Playground.Docker.Tests;

public sealed class EventTests(DockerEngine engine)
{
    [Fact]
    public async Task Event_stream_reports_the_death_of_a_labelled_container()
    {
        var ct = TestContext.Current.CancellationToken;
        var image = await engine.BaseImageAsync(ct);
        var marker = engine.UniqueName("events");
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);

        var id = await engine.StartContainerAsync(new ContainerCreateRequest
        {
            Image = image,
            Cmd = ["sh", "-c", "exit 7"],
            Labels = new Dictionary<string, string> { ["test.events"] = marker },
        }, ct);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            var seen = new List<string>();
            DockerEvent? died = null;
            // "since" replays what happened before the subscription, so the event cannot be missed.
            await foreach (var dockerEvent in engine.Client.StreamEventsAsync(new Dictionary<string, string?> { ["test.events"] = marker }, since, timeout.Token))
            {
                seen.Add(dockerEvent.Action);
                Assert.Equal(id, dockerEvent.Actor.Id);
                if (dockerEvent is { Type: "container", Action: "die" })
                {
                    died = dockerEvent;
                    break;
                }
            }

            Assert.NotNull(died);
            Assert.Equal("7", died.Actor.Attributes!["exitCode"]);
            Assert.Equal(marker, died.Actor.Attributes["test.events"]);
            Assert.Contains("start", seen);
            Assert.InRange(died.Timestamp, since.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(5));
        }
        finally
        {
            await engine.Client.RemoveContainerAsync(id, ct: CancellationToken.None);
        }
    }

    [Fact]
    public async Task Live_event_stream_sees_signals_and_death_after_subscribing()
    {
        var ct = TestContext.Current.CancellationToken;
        var marker = engine.UniqueName("live");
        // sleep runs as PID 1 without a handler, so SIGUSR1 is ignored: each signal is a "kill" event and the container lives on.
        var id = await engine.StartContainerAsync(new ContainerCreateRequest
        {
            Image = await engine.BaseImageAsync(ct),
            Labels = new Dictionary<string, string> { ["test.events"] = marker },
        }, ct);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            await using var events = engine.Client.StreamEventsAsync(new Dictionary<string, string?> { ["test.events"] = marker }, timeout.Token)
                .GetAsyncEnumerator(timeout.Token);
            var first = events.MoveNextAsync().AsTask();

            // The subscription opens asynchronously: signal until the stream reports one.
            while (!first.IsCompleted)
            {
                await engine.Client.KillContainerAsync(id, "SIGUSR1", ct);
                await Task.WhenAny(first, Task.Delay(200, ct));
            }
            Assert.True(await first);
            Assert.Equal("kill", events.Current.Action);
            Assert.Equal("10", events.Current.Actor.Attributes!["signal"]);
            Assert.Equal(id, events.Current.Actor.Id);

            await engine.Client.KillContainerAsync(id, "KILL", ct);
            while (events.Current.Action != "die")
                Assert.True(await events.MoveNextAsync());
            Assert.Equal(id, events.Current.Actor.Id);
            Assert.Equal("137", events.Current.Actor.Attributes!["exitCode"]);
        }
        finally
        {
            await engine.Client.RemoveContainerAsync(id, ct: CancellationToken.None);
        }
    }
}
