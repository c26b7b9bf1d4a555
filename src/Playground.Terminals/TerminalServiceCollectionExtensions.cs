using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Playground.Terminals.Sessions;

namespace Playground.Terminals;

/// <summary>Registers the terminal layer.</summary>
public static class TerminalServiceCollectionExtensions
{
    /// <summary>Adds terminal sessions and options bound from <c>Playground:Terminals</c>.</summary>
    public static IServiceCollection AddTerminals(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TerminalOptions>().Bind(configuration.GetSection(TerminalOptions.Section));
        services.AddSingleton<TerminalSessions>();
        services.AddMetrics();
        services.AddSingleton<TerminalMetrics>();
        services.AddHostedService(sp => sp.GetRequiredService<TerminalSessions>());
        return services;
    }
}
