/**
 * The self-reinforcing cycle: deployments generate data by sector (industrial and embodied
 * sectors generate more); part of it flows back to the lab of the model used, through
 * different channels for closed APIs, open weights and domestic industrial integration;
 * data stocks depreciate. Article: "wider adoption leads to more data, which improves model
 * performance, which in turn attracts more users" and "The deployment of AI across
 * manufacturing, logistics, urban infrastructure … generates vast amounts of data that feed
 * back into model development".
 *
 * Embodied deployments (robots, vehicles) run models on the device or on the premises, so
 * their data does not come back through an API: it reaches the model's lab only through
 * integration with the manufacturers (the industrial channel, strong for a domestic model
 * in a bloc with deep industrial integration). This is the data channel to "the labs whose
 * models run in robots and factories".
 */

/** Fraction of an adopter's data that reaches the model's lab. */
export function feedbackFraction(open: boolean, embodied: boolean, domesticIndustrial: boolean, apiChannel: number, openChannel: number, industrialChannel: number, integration: number): number {
  const direct = embodied ? 0 : open ? openChannel : apiChannel;
  return direct + (domesticIndustrial ? industrialChannel * integration : 0);
}

/** Data stock after a month: depreciation, then inflow. */
export function updateDataStock(stock: number, inflow: number, depreciation: number): number {
  return stock * (1 - depreciation) + inflow;
}
