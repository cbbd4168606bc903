using System.Reflection;
using Granary.Hosting;
using Granary.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace Granary.Silo.WebConsole;

/// <summary>
/// The web console: a few static files embedded in the silo (no build chain, nothing fetched from elsewhere)
/// served under <see cref="ConsoleOptions.Path"/> on the HTTP port. The pages read everything through the REST
/// APIs with the key the user logs in with, so the console sees exactly what that key may see.
/// </summary>
public static class ConsoleEndpoints
{
    private const string ResourcePrefix = "console/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    public static WebApplicationBuilder AddGranaryConsole(this WebApplicationBuilder builder)
    {
        OptionChecks.ValidatedNow(builder.Configuration.GetSection(ConsoleOptions.Section).Get<ConsoleOptions>() ?? new(), new ConsoleOptionsValidator());
        builder.Services.AddValidatedOptions<ConsoleOptions, ConsoleOptionsValidator>(builder.Configuration, ConsoleOptions.Section);
        return builder;
    }

    public static WebApplication MapGranaryConsole(this WebApplication app)
    {
        var console = app.Services.GetRequiredService<IOptions<ConsoleOptions>>().Value;
        var httpPort = app.Services.GetRequiredService<IOptions<GrpcEndpointOptions>>().Value.HttpPort;
        if (!console.Enabled || httpPort <= 0)
        {
            return app;
        }

        var files = LoadFiles();
        // The route matches the bare path too; it is sent to the directory so the pages' relative links resolve.
        app.MapGet($"{console.Path}/{{**file}}", (string? file, HttpContext context) =>
        {
            if (string.IsNullOrEmpty(file) && context.Request.Path.Value?.EndsWith('/') != true)
            {
                return Results.Redirect($"{context.Request.PathBase}{console.Path}/");
            }

            var name = string.IsNullOrEmpty(file) ? "index.html" : file;
            if (!files.TryGetValue(name, out var content))
            {
                return Results.NotFound();
            }

            // The pages load only their own scripts and call only this origin: nothing from the internet.
            context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'";
            context.Response.Headers.CacheControl = "no-cache";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Bytes(content, ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream"));
        }).RequireHost($"*:{httpPort}");
        return app;
    }

    /// <summary>The embedded files by their path under the console, read once.</summary>
    private static Dictionary<string, byte[]> LoadFiles()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[resource[ResourcePrefix.Length..]] = copy.ToArray();
        }

        return files;
    }
}
