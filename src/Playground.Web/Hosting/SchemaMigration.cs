using Playground.Progress;

namespace Playground.Web.Hosting;

/// <summary>
/// Applies the progress store's migrations when the host starts, before the server accepts requests (hosted
/// services registered before the web server start first), asynchronously instead of blocking start-up.
/// A broken database fails the start with the migrator's message.
/// </summary>
internal sealed class SchemaMigration(SqliteProgressStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
