/** Customer segmentation: matrices, preprocessing, k-means, k-scan metrics, PCA, profiles, stability, model. */
export * from "./matrix.js";
export * from "./preprocess.js";
export * from "./kmeans.js";
export * from "./silhouette.js";
export * from "./davies-bouldin.js";
export * from "./calinski-harabasz.js";
export * from "./cluster-stats.js";
export * from "./ari.js";
export * from "./stability.js";
export * from "./kscan-kernel.js";
export * from "./kscan.js";
export * from "./recommend.js";
export * from "./pca.js";
export * from "./profiles.js";
export * from "./model.js";
export * from "./decision-tree.js";
export * from "./rules.js";
