namespace DurableFlows.Http;

/// <summary>A query parameter that does not parse; the API answers 400 with the message.</summary>
internal sealed class QueryParameterException(string message) : Exception(message)
{
    public QueryParameterException()
        : this("A query parameter is malformed.")
    {
    }

    public QueryParameterException(string message, Exception innerException)
        : this(message) => _ = innerException;
}
