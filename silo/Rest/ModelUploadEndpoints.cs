using System.Globalization;
using Google.Protobuf;
using Granary.FrontDoor;
using Granary.Library;
using Granary.Protocol.V1;
using Granary.Silo.Grpc;
using Microsoft.AspNetCore.Http.Features;

namespace Granary.Silo.Rest;

/// <summary>
/// The library's upload over REST, which JSON transcoding cannot carry: <c>PUT /v1/models/{name}/versions/{version}</c>
/// (and <c>/v1/models/{tenant}/{name}/versions/{version}</c> for a private model) whose body is the ONNX file,
/// streamed; the card and deployment ride in the <c>Granary-Card</c> and <c>Granary-Deployment</c> headers as JSON.
/// </summary>
public static class ModelUploadEndpoints
{
    public const string CardHeader = "Granary-Card";
    public const string DeploymentHeader = "Granary-Deployment";

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    public static void MapModelUpload(this WebApplication app, int httpPort)
    {
        var models = app.MapGroup("/v1/models").RequireHost($"*:{httpPort}").AddEndpointFilter<RestErrorFilter>();
        models.MapPut("/{model}/versions/{version}", (string model, string version, HttpContext http, GranaryFrontDoor door, ModelLibrary library) =>
            UploadAsync(model, version, http, door, library));
        models.MapPut("/{tenant}/{model}/versions/{version}", (string tenant, string model, string version, HttpContext http, GranaryFrontDoor door, ModelLibrary library) =>
            UploadAsync($"{tenant}/{model}", version, http, door, library));
    }

    private static async Task<IResult> UploadAsync(string name, string version, HttpContext http, GranaryFrontDoor door, ModelLibrary library)
    {
        var caller = await door.AuthenticateAsync(RestEndpoints.CredentialOf(http));
        if (!long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number <= 0)
        {
            throw new InvalidModelUploadException($"version '{version}' is not a positive integer", "version");
        }

        var registration = new ModelRegistration(name, number, LibraryMessages.FromWire(Header<Protocol.V1.ModelCard>(http, CardHeader)), LibraryMessages.FromWire(Header<ModelDeploymentRequest>(http, DeploymentHeader)));
        library.Admit(caller, registration);
        if (http.Request.ContentLength > library.MaxFileBytes)
        {
            throw new ModelFileTooLargeException($"the model file is {http.Request.ContentLength} bytes, over the limit of {library.MaxFileBytes} (Granary:Library:MaxFileBytes)");
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // The upload counts the bytes itself and answers 413 past the library's limit, not Kestrel's.
            limit.MaxRequestBodySize = null;
        }

        await using var upload = library.BeginUpload();
        await upload.AppendAllAsync(http.Request.Body, http.RequestAborted);
        var (model, added) = await library.RegisterAsync(caller, registration, upload, http.RequestAborted);
        var file = model.Versions.Single(v => v.Version == added);
        var response = new RegisterModelVersionResponse { Name = model.Name, Version = added, Sha256 = file.Sha256, SizeBytes = file.SizeBytes };
        return Results.Text(JsonFormatter.Default.Format(response), "application/json", statusCode: StatusCodes.Status201Created);
    }

    private static T? Header<T>(HttpContext http, string header) where T : class, IMessage<T>, new()
    {
        if (http.Request.Headers[header].FirstOrDefault() is not { Length: > 0 } json)
        {
            return null;
        }

        try
        {
            return Parser.Parse<T>(json);
        }
        catch (InvalidJsonException e)
        {
            throw new InvalidModelUploadException($"the {header} header is not a JSON {typeof(T).Name}: {e.Message}", header);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidModelUploadException($"the {header} header is not a JSON {typeof(T).Name}: {e.Message}", header);
        }
    }
}
