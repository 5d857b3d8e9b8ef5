namespace LangfuseLifecycle.Core.Cost;

public enum EfsStorageClass
{
    /// <summary>One Zone: cheaper, data in one AZ; ClickHouse must run in that AZ.</summary>
    OneZone,

    /// <summary>Standard (Regional): data in every AZ of the region.</summary>
    Standard,
}
