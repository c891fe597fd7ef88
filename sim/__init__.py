"""culturesim: how a customer-focused culture forms and what it does to loyalty, churn and profit."""
