using System.Globalization;
using Granary.FrontDoor;
using Granary.Models;
using Granary.Silo.Hosting;
using Granary.Silo.Serving;
using Microsoft.Extensions.Options;

namespace Granary.Silo.Rest;

/// <summary>
/// The Open Inference Protocol's REST API (KServe v2) with Triton's binary tensor data extension, on the silo's
/// HTTP port. Each endpoint translates the wire to one front-door call and back; <see cref="RestErrorFilter"/>
/// answers every error.
/// </summary>
public static class RestEndpoints
{
    public static WebApplication MapGranaryRest(this WebApplication app)
    {
        var httpPort = app.Services.GetRequiredService<IOptions<GrpcEndpointOptions>>().Value.HttpPort;
        if (httpPort == 0)
        {
            return app;
        }

        app.MapModelUpload(httpPort);
        var v2 = app.MapGroup("/v2").RequireHost($"*:{httpPort}").AddEndpointFilter<RestErrorFilter>();
        v2.MapGet("", ServerMetadata);
        v2.MapGet("/health/live", () => Results.Ok());
        v2.MapGet("/health/ready", (ServerReadiness readiness) => readiness.IsReady ? Results.Ok() : Results.StatusCode(StatusCodes.Status503ServiceUnavailable));
        foreach (var model in ModelRoute.Templates)
        {
            v2.MapGet(model, (HttpContext http, GranaryFrontDoor door) => ModelMetadataAsync(ModelRoute.Name(http), "", http, door));
            v2.MapGet($"{model}/versions/{{version}}", (string version, HttpContext http, GranaryFrontDoor door) => ModelMetadataAsync(ModelRoute.Name(http), version, http, door));
            v2.MapGet($"{model}/ready", (HttpContext http, GranaryFrontDoor door) => ModelReadyAsync(ModelRoute.Name(http), "", http, door));
            v2.MapGet($"{model}/versions/{{version}}/ready", (string version, HttpContext http, GranaryFrontDoor door) => ModelReadyAsync(ModelRoute.Name(http), version, http, door));
            v2.MapPost($"{model}/infer", (HttpContext http, GranaryFrontDoor door, IOptions<GrpcEndpointOptions> limits) => InferAsync(ModelRoute.Name(http), "", http, door, limits));
            v2.MapPost($"{model}/versions/{{version}}/infer", (string version, HttpContext http, GranaryFrontDoor door, IOptions<GrpcEndpointOptions> limits) => InferAsync(ModelRoute.Name(http), version, http, door, limits));
        }

        return app;
    }

    private static IResult ServerMetadata()
    {
        var server = ServerIdentity.Current;
        return Results.Json(new ServerMetadata(server.Name, server.Version, server.Extensions), RestMessages.Json);
    }

    private static async Task<IResult> ModelMetadataAsync(string model, string version, HttpContext http, GranaryFrontDoor door)
    {
        var (descriptor, resolved) = await door.DescribeModelAsync(CredentialOf(http), model, version);
        return Results.Json(
            new ModelMetadata(
                descriptor.Name,
                [.. descriptor.Versions.Select(v => v.Version.ToString(CultureInfo.InvariantCulture))],
                ServerIdentity.Platform,
                Describe(resolved?.Inputs),
                Describe(resolved?.Outputs)),
            RestMessages.Json);
    }

    /// <summary>200 when ready and 503 when not, each with <c>{"name", "ready"}</c>; the protocol asks only for a non-200 status.</summary>
    private static async Task<IResult> ModelReadyAsync(string model, string version, HttpContext http, GranaryFrontDoor door)
    {
        var ready = await door.IsModelReadyAsync(CredentialOf(http), model, version);
        return Results.Json(new ReadyState(model, ready), RestMessages.Json, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> InferAsync(string model, string version, HttpContext http, GranaryFrontDoor door, IOptions<GrpcEndpointOptions> limits)
    {
        RestInferRequest? parsed = null;
        var call = new InferenceCall(model, version, DeadlineUtc: null, async cancellationToken =>
        {
            var body = await RequestBody.ReadAsync(http.Request, limits.Value.MaxMessageBytes, cancellationToken);
            parsed = RestInferRequest.Parse(body, http.Request.Headers[RestInferRequest.HeaderLengthHeader]);
            return parsed.Body;
        }, http.Request.Headers["Idempotency-Key"].FirstOrDefault());
        var outcome = await door.InferAsync(CredentialOf(http), call, http.RequestAborted);
        return new RestInferResult(model, parsed!, outcome);
    }

    internal static Credential CredentialOf(HttpContext http) =>
        Credential.FromHeaders(http.Request.Headers, static (headers, name) => headers.TryGetValue(name, out var value) ? value.ToString() : null, http.Connection.RemoteIpAddress);

    private static TensorMetadata[] Describe(IReadOnlyList<TensorSpec>? specs) =>
        specs is null ? [] : [.. specs.Select(s => new TensorMetadata(s.Name, s.Datatype, s.Shape))];
}
