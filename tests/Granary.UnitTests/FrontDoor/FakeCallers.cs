using Granary.FrontDoor.Ports;
using Granary.Tenants;
using Granary.Tenants.Admission;

namespace Granary.UnitTests.FrontDoor;

/// <summary>Known keys and their callers; any other key is unauthenticated.</summary>
public sealed class FakeCallers(CallLog log, IReadOnlyDictionary<string, Caller> callers) : ICallerAuthenticator
{
    public ValueTask<Caller> AuthenticateAsync(Granary.FrontDoor.Credential credential)
    {
        var apiKey = credential.ApiKey;
        log.Add("authenticate");
        return apiKey is not null && callers.TryGetValue(apiKey, out var caller)
            ? ValueTask.FromResult(caller)
            : throw new UnauthenticatedException("unknown API key");
    }
}
