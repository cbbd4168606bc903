namespace Granary.Tenants.Admission;

/// <summary>
/// How a quota gate keeps admitting while its quota grain does not answer (the grain's silo hung or unreachable): once a
/// renewal has gone unanswered for <see cref="AnswerWait"/>, or failed, a lease past its life is spent on for at most
/// <see cref="MaxExtension"/> more. It spends only what the grain minted and this silo holds, so the quota's bound on
/// admissions holds as before; only limits changed meanwhile arrive later, once the grain answers.
/// </summary>
public static class LeaseExtension
{
    public static readonly TimeSpan AnswerWait = TimeSpan.FromMilliseconds(250);

    public static readonly TimeSpan MaxExtension = TimeSpan.FromSeconds(10);

    /// <summary>Whether a lease that expired at <paramref name="expiresAt"/> may still be spent at <paramref name="now"/>.</summary>
    public static bool Covers(DateTimeOffset now, DateTimeOffset expiresAt, Task? renewal, DateTimeOffset renewalAskedAt) =>
        now >= expiresAt && now < expiresAt + MaxExtension
        && renewal is { } asked && (asked.IsFaulted || (!asked.IsCompleted && now - renewalAskedAt >= AnswerWait));

    /// <summary>Whether a call that found the lease expired waits for the renewal only briefly, then spends on the lease.</summary>
    public static bool MayWaitBriefly(DateTimeOffset now, DateTimeOffset expiresAt) => now >= expiresAt && now < expiresAt + MaxExtension;
}
