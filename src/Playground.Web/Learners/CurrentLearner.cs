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

    /// <summary>
    /// Whether this response sets the <c>pg_learner</c> cookie to <see cref="IdOrNull"/> (written once, when the
    /// response starts): true for a freshly minted id, and after <see cref="SwitchTo"/>.
    /// </summary>
    internal bool IssueCookie { get; set; }

    /// <summary>
    /// This request now belongs to <paramref name="learnerId"/> (a resume or join): the rest of the request sees it,
    /// and the response's single <c>pg_learner</c> cookie carries it instead of any id minted for this request.
    /// </summary>
    internal void SwitchTo(string learnerId)
    {
        IdOrNull = learnerId;
        IssueCookie = true;
    }
}
