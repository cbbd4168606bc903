using Granary.Tenants.Admission;

namespace Granary.FrontDoor.Ports;

/// <summary>Turns a presented key into a caller, or throws Unauthenticated / PermissionDenied / AuthenticationThrottled.</summary>
public interface ICallerAuthenticator
{
    ValueTask<Caller> AuthenticateAsync(Credential credential);
}
