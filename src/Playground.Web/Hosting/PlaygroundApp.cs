using Microsoft.Extensions.Options;
using Playground.Checks;
using Playground.Lessons;
using Playground.Progress;
using Playground.Sandboxes;
using Playground.Sandboxes.Docker;
using Playground.Terminals;
using Playground.Web.Author;
using Playground.Web.Catalog;
using Playground.Web.Checks;
using Playground.Web.Capacity;
using Playground.Web.Cohorts;
using Playground.Web.Errors;
using Playground.Web.Learners;
using Playground.Web.Pages;
using Playground.Web.Previews;
using Playground.Web.Security;
using Playground.Web.Terminals;
using Playground.Web.Workspaces;

namespace Playground.Web.Hosting;

/// <summary>Composes Lessons, Sandboxes, Terminals, Checks and Progress into one web application.</summary>
internal static class PlaygroundApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // The front end is copied next to the binary at build time (web/build.mjs).
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        configure?.Invoke(builder);
        // How long a stop (SIGTERM, Ctrl-C) may take: removing every sandbox this server owns happens inside it.
        var shutdownTimeout = builder.Configuration.GetValue("Playground:ShutdownTimeout", TimeSpan.FromSeconds(60));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout);

        var layout = RepositoryLayout.Discover(builder.Configuration["Playground:Root"]);
        builder.Services.AddSingleton(layout);
        builder.Services.AddOptions<PlaygroundOptions>().Bind(builder.Configuration.GetSection(PlaygroundOptions.Section));
        builder.Services.AddOptions<LessonsOptions>().Configure<IOptions<PlaygroundOptions>>((o, p) =>
        {
            o.Root = builder.Configuration["Playground:Lessons:Root"] ?? layout.Lessons;
            o.AuthorMode = p.Value.AuthorMode;
        });
        builder.Services.PostConfigure<SandboxOptions>(o =>
        {
            if (builder.Configuration["Playground:Sandboxes:ImagesRoot"] is null) o.ImagesRoot = layout.SandboxImages;
            if (builder.Configuration["Playground:Sandboxes:ConnectionString"] is null) o.ConnectionString = $"Data Source={layout.Database}";
        });
        builder.Services.AddOptions<ProgressStoreOptions>().Configure(o =>
            o.ConnectionString = builder.Configuration["Playground:Progress:ConnectionString"] ?? $"Data Source={layout.Database}");

        // Before AddSandboxes: hosted services start in registration order, and the schema comes first.
        builder.Services.AddHostedService<SchemaMigration>();
        builder.Services.AddDockerSandboxBackend(builder.Configuration);
        builder.Services.AddSandboxes(builder.Configuration);
        builder.Services.AddTerminals(builder.Configuration);
        builder.Services.AddSingleton<LessonCatalogService>();
        builder.Services.AddSingleton(new LessonRenderer());
        builder.Services.AddPlaygroundObservability();
        builder.Services.AddSingleton(sp => new CheckRunner(new CheckOptions(), sp.GetRequiredService<ILogger<CheckRunner>>(),
            metrics: sp.GetRequiredService<CheckMetrics>()));
        builder.Services.AddSingleton<CheckGate>();
        builder.Services.AddSingleton(sp => new LessonScriptRunner(new CheckOptions(), sp.GetRequiredService<ILogger<LessonScriptRunner>>()));
        builder.Services.AddSingleton<LessonSetupRunner>();
        builder.Services.AddSingleton<SqliteProgressStore>(sp => new SqliteProgressStore(
            sp.GetRequiredService<IOptions<ProgressStoreOptions>>().Value, sp.GetRequiredService<ILogger<SqliteProgressStore>>()));
        builder.Services.AddSingleton<IProgressStore>(sp => sp.GetRequiredService<SqliteProgressStore>());
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJson.Default));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddScoped<CurrentLearner>();
        builder.Services.AddSingleton<PlaygroundOrigins>();
        builder.Services.AddPlaygroundRateLimits(builder.Configuration);
        builder.Services.AddPlaygroundProxyHeaders(builder.Configuration);
        builder.Services.AddPreviews(builder.Configuration);
        // The Host allow-list (UseHostAllowList) implements AllowedHosts together with Playground's origins;
        // ASP.NET Core's own host filter would refuse those origins before it runs, so it lets everything through.
        builder.Services.PostConfigure<Microsoft.AspNetCore.HostFiltering.HostFilteringOptions>(o => o.AllowedHosts = ["*"]);
        // No API takes more than a few kilobytes; a 10 MB body is refused (413) before any handler reads it.
        builder.WebHost.ConfigureKestrel((context, kestrel) => kestrel.Limits.MaxRequestBodySize =
            context.Configuration.GetValue<long?>("Playground:MaxRequestBodySize") ?? PlaygroundOptions.DefaultMaxRequestBodySize);
        builder.AddCohorts(layout);
        builder.AddCapacity();

        if (builder.Configuration["urls"] is null && builder.Configuration["ASPNETCORE_URLS"] is null)
            builder.WebHost.UseUrls(builder.Configuration["Playground:Urls"] ?? new PlaygroundOptions().Urls);

        var app = builder.Build();
        // Behind a trusted reverse proxy (Playground:ForwardedHeaders), the client's address and scheme first.
        app.UsePlaygroundProxyHeaders();
        // Outermost first: headers go on every answer, refusals included; an unknown Host and a foreign Origin
        // are refused before identity, files or handlers run.
        app.UseSecurityHeaders();
        app.UseHostAllowList();
        // A preview host (p-PORT-WORKSPACE.<base>) is answered here and never reaches Playground's pages or API.
        app.UsePreviewHosts();
        app.UseOriginCheck();
        app.UseExceptionHandler();
        // Refusals that carry no body of their own (model binding, 413, unknown routes) get a short fixed message.
        app.UseStatusCodePages(context => ProblemExceptionHandler.WriteStatusAsync(context.HttpContext).AsTask());
        // A body over the cap is 413 whether it was announced or chunked, and whatever the endpoint made of it.
        app.UseRequestBodyCap();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.UseStaticFiles();
        app.UseLearnerIdentity();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseCohorts();

        app.MapPlaygroundObservability();
        app.MapPages();
        app.MapLearners();
        app.MapCatalog();
        app.MapLessons();
        app.MapChecks();
        app.MapAuthor();
        app.MapWorkspaces().AddEndpointFilter<CohortAdmissionFilter>();
        app.MapCohorts();
        app.MapCapacity();
        app.MapTerminals();
        app.MapPreviews();
        return app;
    }
}
