namespace Granary.FrontDoor;

/// <summary>What a call needs of its caller: any known key, or an admin key.</summary>
public enum CallerAccess
{
    Any,
    Admin,
}
