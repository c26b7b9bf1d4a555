namespace Playground.Checks;

/// <param name="Timeout">Time limit of each condition.</param>
public sealed record CheckPlan(IReadOnlyList<CheckCondition> Conditions, TimeSpan Timeout)
{
    /// <summary>The longest timeout a plan may set (10 minutes).</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first problem: no conditions, a blank or
    /// duplicate id, a blank script, a <c>needs</c> that is not an earlier condition, or a bad timeout.</summary>
    public void Validate()
    {
        if (Conditions is null || Conditions.Count == 0)
            throw new ArgumentException("A check plan needs at least one condition.", nameof(Conditions));
        if (Timeout <= TimeSpan.Zero || Timeout > MaxTimeout)
            throw new ArgumentException($"The timeout must be between 0 and {MaxTimeout.TotalSeconds} s, not {Timeout.TotalSeconds} s.", nameof(Timeout));

        var earlier = new HashSet<string>(StringComparer.Ordinal);
        foreach (var condition in Conditions)
        {
            if (condition is null || string.IsNullOrWhiteSpace(condition.Id))
                throw new ArgumentException($"Condition {earlier.Count + 1} has no id.", nameof(Conditions));
            if (string.IsNullOrWhiteSpace(condition.Script))
                throw new ArgumentException($"Condition \"{condition.Id}\" has no script.", nameof(Conditions));
            foreach (var need in condition.AllNeeds)
                if (!earlier.Contains(need))
                    throw new ArgumentException(
                        $"Condition \"{condition.Id}\" needs \"{need}\", which is not an earlier condition.", nameof(Conditions));
            if (!earlier.Add(condition.Id))
                throw new ArgumentException($"Two conditions have the id \"{condition.Id}\".", nameof(Conditions));
        }
    }
}
