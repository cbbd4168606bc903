using Granary.Tenants.Admission;

namespace Granary.FrontDoor.Ports;

/// <summary>Turns a presented key into a caller, or throws Unauthenticated / PermissionDenied.</summary>
public interface ICallerAuthenticator
{
    ValueTask<Caller> AuthenticateAsync(string? apiKey);
}
