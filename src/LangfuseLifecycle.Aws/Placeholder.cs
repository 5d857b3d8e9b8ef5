namespace LangfuseLifecycle.Aws;
