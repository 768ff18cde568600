namespace DurableFlows.Deployments;

/// <summary>
/// Task size and environment that sit on top of a work pool's defaults, as Prefect's
/// <c>infra_overrides</c> and <c>job_variables</c> do. Unset values keep what the layer below says;
/// <see cref="Env"/> is merged key by key.
/// </summary>
public sealed record InfraOverrides
{
    /// <summary>Gets the CPU units (1024 = one vCPU), or null to keep the layer below.</summary>
    public int? Cpu { get; init; }

    /// <summary>Gets the memory in MiB, or null to keep the layer below.</summary>
    public int? Memory { get; init; }

    /// <summary>Gets environment variables for the runner's container, merged key by key.</summary>
    public IReadOnlyDictionary<string, string>? Env { get; init; }

    /// <summary>Lays <paramref name="top"/> over <paramref name="bottom"/>: the top's set values win, env keys merge.</summary>
    public static InfraOverrides? Merge(InfraOverrides? bottom, InfraOverrides? top)
    {
        if (bottom is null || top is null)
        {
            return top ?? bottom;
        }

        Dictionary<string, string>? env = null;
        if (bottom.Env is not null || top.Env is not null)
        {
            env = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var layer in new[] { bottom.Env, top.Env })
            {
                foreach (var (key, value) in layer ?? new Dictionary<string, string>())
                {
                    env[key] = value;
                }
            }
        }

        return new InfraOverrides { Cpu = top.Cpu ?? bottom.Cpu, Memory = top.Memory ?? bottom.Memory, Env = env };
    }
}
