using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Playground.Terminals.Sessions;

namespace Playground.Terminals;

public static class TerminalServiceCollectionExtensions
{
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
