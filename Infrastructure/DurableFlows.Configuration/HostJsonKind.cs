namespace DurableFlows.Configuration;

/// <summary>What a host.json key is to DurableFlows.</summary>
internal enum HostJsonKind
{
    /// <summary>An object whose keys are listed.</summary>
    Section,

    /// <summary>A scalar value.</summary>
    Leaf,

    /// <summary>An array of scalars (or one scalar).</summary>
    List,

    /// <summary>A section another component interprets; anything below it passes.</summary>
    Open,

    /// <summary>A Functions setting DurableFlows does not use.</summary>
    FunctionsSetting,
}
