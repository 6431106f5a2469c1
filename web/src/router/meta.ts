/** A crumb on deep pages; the last one is the current page and carries no link. */
export interface BreadcrumbMeta {
  titleKey: string;
  /** A path; `:name` parts take the current route's params (`/t/:tenantId/servers`). */
  to?: string;
}

declare module 'vue-router' {
  interface RouteMeta {
    /** Message key of the page title, used for `document.title` and the last breadcrumb. */
    titleKey?: string;
    breadcrumbs?: BreadcrumbMeta[];
    /** Set on routes that a plugin contributed through the registry. */
    plugin?: string;
    /** The permission a contributed page declares; the panel asks for it before rendering. */
    permission?: string;
    /** Shown without signing in (the login page); signed-in users are sent on from it. */
    guestOnly?: boolean;
  }
}
