using System.Globalization;
using Granary.Logging;
using Granary.Silo.Errors;

namespace Granary.Silo.Rest;

/// <summary>
/// Answers every error of a REST call as <c>{"error": "...", "reason": ...}</c> (<see cref="ErrorMessage"/>) with the HTTP
/// status from the <see cref="ErrorTable"/>, <c>Retry-After</c> when a retry helps, and the spent rate limit on a quota
/// refusal. Server faults are logged.
/// </summary>
public sealed partial class RestErrorFilter(ILogger<RestErrorFilter> logger, IHostApplicationLifetime lifetime) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e)
        {
            return Answer(e, context.HttpContext);
        }
    }

    private IResult Answer(Exception exception, HttpContext http)
    {
        // Kestrel's own refusals of the transport (a body over the size limit: 413) keep their status.
        if (exception is BadHttpRequestException transport)
        {
            return Error(transport.StatusCode, new ErrorMessage(transport.Message)
            {
                Reason = transport.StatusCode == StatusCodes.Status413PayloadTooLarge ? "MESSAGE_TOO_LARGE" : "BAD_REQUEST",
            });
        }

        var error = ErrorTable.Of(exception, http.RequestAborted, lifetime.ApplicationStopping);
        if (error.IsServerFault)
        {
            LogUnexpected(logger, http.Request.Method, http.Request.Path, exception);
        }

        if (error.RetryAfter is { } after)
        {
            var seconds = (long)Math.Ceiling(after.TotalSeconds);
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            if (error.Quota is (_, var limit) && SpentLimitHeader(limit) is { } kind)
            {
                http.Response.Headers[$"x-ratelimit-remaining-{kind}"] = "0";
                http.Response.Headers[$"x-ratelimit-reset-{kind}"] = after.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
            }
        }

        return Error(error.Http, new ErrorMessage(error.Message)
        {
            Reason = error.Reason,
            Field = error.Field is { Length: > 0 } field ? field : null,
            RetryAfterSeconds = error.RetryAfter?.TotalSeconds,
            Quota = error.Quota is var (whose, which) ? new QuotaLimit(whose, which) : null,
        });
    }

    /// <summary>The x-ratelimit-* family of the limit a refusal spent, as RateLimitHeaders names them on success.</summary>
    private static string? SpentLimitHeader(string limit) => limit switch
    {
        "requests_per_second" => "requests",
        "units_per_minute" => "units",
        _ => null,
    };

    private static IResult Error(int status, ErrorMessage message) => Results.Json(message, RestMessages.Json, statusCode: status);

    [LoggerMessage(LogEvents.RestCallFailed, LogLevel.Error, "{Method} {Path} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, string method, string path, Exception exception);
}
