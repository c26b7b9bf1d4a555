namespace Playground.Web.Learners;

/// <summary>
/// The learner making this request (TodoApi's CurrentUser idea): one scoped instance per request, filled by
/// <see cref="LearnerIdentity.UseLearnerIdentity"/> from the <c>pg_learner</c> cookie. Handlers take it as a
/// parameter instead of reading cookies or <see cref="HttpContext.Items"/> themselves.
/// </summary>
internal sealed class CurrentLearner
{
    /// <summary>
    /// The learner id (24+ URL-safe characters, see <c>LearnerIds</c>), or null on a terminal upgrade that
    /// carried no valid cookie (those never get a fresh identity).
    /// </summary>
    public string? IdOrNull { get; internal set; }

    /// <summary>The learner id. Throws <see cref="InvalidOperationException"/> when the identity middleware did not run.</summary>
    public string Id => IdOrNull ?? throw new InvalidOperationException("the learner identity middleware did not run for this request");

    /// <summary>Whether this request is known to belong to a learner.</summary>
    public bool IsKnown => IdOrNull is not null;
}
