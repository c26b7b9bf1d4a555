using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Environments;
using Playground.Testing;
using Playground.Testing.Sandboxes;

namespace Playground.Sandboxes.Tests.Contract;

/// <summary>The Docker backend against the real engine, with the shell environment's spec.</summary>
[Collection(EngineCollection.Name)]
public sealed class DockerBackendContractTests(DockerEngine engine) : SandboxBackendContract, IAsyncDisposable
{
    private SandboxHarness? _harness;

    protected override EnvironmentSpec Spec => EnvironmentSpecLoader.LoadFile(Path.Combine(RepoPaths.SandboxImages, "shell", "environment.yaml"));

    protected override string MissingImage => "playground/never-built:0";

    protected override async Task<ISandboxBackend> BackendAsync()
    {
        engine.RequireEngine();
        await engine.RequireImageAsync(Spec.Image, Ct);
        _harness ??= new SandboxHarness(engine);
        return _harness.Backend;
    }

    protected override Task KillFromOutsideAsync(ISandboxBackend backend, SandboxHandle sandbox) =>
        engine.KillSandboxAsync(sandbox.SandboxId, "KILL", Ct);

    public async ValueTask DisposeAsync()
    {
        if (_harness is not null) await _harness.DisposeAsync();
    }
}

/// <summary>The in-process stand-in: local processes in a temporary folder.</summary>
public sealed class LocalProcessBackendContractTests : SandboxBackendContract, IAsyncDisposable
{
    private readonly LocalProcessSandboxBackend _backend = new(missingImages: ["playground/never-built:0"]);

    protected override EnvironmentSpec Spec => new() { Name = "local", Image = "local:1", WorkingDirectory = "/home/learner" };

    protected override string MissingImage => "playground/never-built:0";

    protected override Task<ISandboxBackend> BackendAsync() => Task.FromResult<ISandboxBackend>(_backend);

    protected override Task KillFromOutsideAsync(ISandboxBackend backend, SandboxHandle sandbox)
    {
        _backend.Crash(sandbox.SandboxId);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => _backend.DisposeAsync();
}
