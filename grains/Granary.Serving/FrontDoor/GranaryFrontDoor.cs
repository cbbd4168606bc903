using Granary.FrontDoor.Ports;
using Granary.Inference;
using Granary.Models;
using Granary.Routing;
using Granary.Telemetry;
using Granary.Tenants;
using Granary.Tenants.Admission;
using Granary.Usage;

namespace Granary.FrontDoor;

/// <summary>
/// The one way into the serving core for every protocol. An inference runs, in this order: authenticate,
/// resolve the model and check the caller may see it, decode and validate the body, admit against the
/// tenant's quota, route to a replica. A malformed request is refused before admission, so it is never
/// charged. A tenant's request, however it ends, leaves one usage record in the silo's log before the answer
/// goes out; admins are not metered. A tenant with a region (data residency) is served only by replicas
/// pinned to that region, wherever the request came in. Protocol adapters only translate their wire format to these calls and
/// map the domain errors. Every authenticated inference is counted and timed here, admins' too, in one span of its trace.
/// </summary>
public sealed class GranaryFrontDoor(
    ICallerAuthenticator callers,
    IModelResolver models,
    IAdmissionControl admission,
    IReplicaRouter replicas,
    IUsageRecorder usage,
    RequestInstruments instruments,
    TimeProvider time)
{
    /// <summary>Who is calling; throws Unauthenticated, or PermissionDenied when <paramref name="access"/> asks for an admin.</summary>
    public async ValueTask<Caller> AuthenticateAsync(Credential credential, CallerAccess access = CallerAccess.Any)
    {
        var caller = await callers.AuthenticateAsync(credential);
        if (access == CallerAccess.Admin && !caller.IsAdmin)
        {
            throw new PermissionDeniedException("this API needs an admin key");
        }

        return caller;
    }

    public async Task<InferenceOutcome> InferAsync(Credential credential, InferenceCall call, CancellationToken cancellationToken)
    {
        using var span = GranaryTracing.Source.StartActivity(GranaryInstruments.Spans.FrontDoor);
        var startedAt = time.GetTimestamp();
        var caller = await AuthenticateMeteredAsync(credential);
        var metered = new MeteredCall(caller, call, usage.Silo, time);
        InferenceOutcome outcome;
        try
        {
            // The pipeline runs here, in the one step this call awaits, rather than in a method of its own.
            var (model, version) = await ResolveVisibleAsync(caller, call.Model, call.Version, coldStart: caller.Region.Length == 0);
            metered.Model = model.Name;
            metered.Version = version.Version;
            if (caller.Region.Length > 0)
            {
                version = await models.InRegionAsync(model.Name, version, caller.Region);
            }

            var request = await DecodeAsync(call, model, version, cancellationToken);
            metered.UnitsIn = InputUnits.Of(request.Inputs);
            using var admitted = caller.IsAdmin ? Admission.Unlimited : await admission.AdmitAsync(caller.TenantId, metered.UnitsIn);
            outcome = new InferenceOutcome(version, await replicas.InferAsync(request, version, cancellationToken), admitted);
        }
        catch (Exception e)
        {
            var status = UsageStatusOf.Exception(e);
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, status);
            if (e is QuotaExceededException refused)
            {
                instruments.OnQuotaRefused(caller.TenantId, refused.Limit);
            }

            if (!caller.IsAdmin)
            {
                await usage.RecordAsync(metered.Failed(e));
            }

            instruments.OnCompleted(caller.TenantId, metered.Model, metered.Version, status, time.GetElapsedTime(startedAt));
            throw;
        }

        var response = outcome.Response;
        instruments.OnServed(metered.Model, metered.Version, response.QueueMicroseconds, response.ComputeMicroseconds);
        if (!caller.IsAdmin)
        {
            var record = metered.Served(response);
            await usage.RecordAsync(record);
            instruments.OnBilled(caller.TenantId, record.Model, record.UnitsIn, record.UnitsOut);
        }

        instruments.OnCompleted(caller.TenantId, metered.Model, metered.Version, UsageStatus.Ok, time.GetElapsedTime(startedAt));
        return outcome;
    }

    /// <summary>The call's body, decoded and checked against the version's signature and the model's deployment.</summary>
    private static async ValueTask<InferenceRequest> DecodeAsync(
        InferenceCall call, ModelDescriptor model, ModelVersionDescriptor version, CancellationToken cancellationToken)
    {
        var body = await call.DecodeBody(cancellationToken);
        return InferenceRequestValidator.Validate(
            new InferenceRequest(model.Name, version.Version, body.Inputs, body.RequestedOutputs, call.DeadlineUtc), version, model.Deployment);
    }

    /// <summary>Who is calling; a refusal here has no tenant to record it against, so it is only counted.</summary>
    private async ValueTask<Caller> AuthenticateMeteredAsync(Credential credential)
    {
        try
        {
            return await callers.AuthenticateAsync(credential);
        }
        catch (Exception e)
        {
            usage.CountUnattributed(UsageStatusOf.Exception(e));
            throw;
        }
    }

    /// <summary>A model the caller may see, with the version asked for (empty: the newest ready one, or none).</summary>
    public async Task<(ModelDescriptor Model, ModelVersionDescriptor? Version)> DescribeModelAsync(Credential credential, string name, string version)
    {
        var caller = await callers.AuthenticateAsync(credential);
        var model = await GetVisibleModelAsync(caller, name);
        var resolved = version.Length == 0
            ? model.Resolve(0) ?? model.Versions.LastOrDefault()
            : (await models.ResolveAsync(name, version)).Version;
        return (model, resolved);
    }

    /// <summary>
    /// Whether the version can serve now. A version scaled to zero is ready, since its next call starts a
    /// replica; asking never starts one.
    /// </summary>
    public async Task<bool> IsModelReadyAsync(Credential credential, string name, string version)
    {
        var caller = await callers.AuthenticateAsync(credential);
        await GetVisibleModelAsync(caller, name);
        try
        {
            await models.ResolveAsync(name, version, coldStart: false);
            return true;
        }
        catch (Exception e) when (e is ModelUnavailableException or ModelNotLoadedException or Devices.NoDeviceFitsException)
        {
            return false;
        }
    }

    /// <summary>The model if the caller may see it; a model it may not see is not found, as one that does not exist.</summary>
    public async ValueTask<ModelDescriptor> GetVisibleModelAsync(Caller caller, string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new InvalidInferenceRequestException("the model name is empty; name the model to call", "model_name");
        }

        var model = await models.GetModelAsync(name);
        return caller.CanSee(model) ? model : throw new ModelNotFoundException($"model '{name}' not found");
    }

    private async ValueTask<(ModelDescriptor, ModelVersionDescriptor)> ResolveVisibleAsync(Caller caller, string name, string version, bool coldStart)
    {
        await GetVisibleModelAsync(caller, name);
        return await models.ResolveAsync(name, version, coldStart);
    }
}
