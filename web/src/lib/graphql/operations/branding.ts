import { graphql } from "@/lib/graphql/generated";

export const BrandingFields = graphql(`
  fragment BrandingFields on Branding {
    theme
    productName
    logo
    favicon
    scheme
    fontSans
    fontMono
    radius
    light { primary accent background surface text muted success warning danger }
    dark { primary accent background surface text muted success warning danger }
  }
`);

export const PublicBrandingQuery = graphql(`
  query PublicBranding($slug: String) {
    publicBranding(slug: $slug) { ...BrandingFields }
  }
`);

export const CustomDomainRouteQuery = graphql(`
  query CustomDomainRoute($host: String!) {
    customDomainRoute(host: $host) { slug branding { ...BrandingFields } }
  }
`);

export const WorkspaceBrandingQuery = graphql(`
  query WorkspaceBranding($slug: String!) {
    workspace(slug: $slug) { id branding { ...BrandingFields } }
  }
`);

export const BrandingSettingsQuery = graphql(`
  query BrandingSettings($slug: String!) {
    themes { name }
    workspace(slug: $slug) {
      id
      slug
      viewerRole
      parent { name }
      branding { theme productName logo }
      brandingSettings { theme accent logo productName }
      customDomains { id host status txtName txtValue verifiedAt lastCheckedAt lastError }
    }
  }
`);

export const UpdateWorkspaceBrandingMutation = graphql(`
  mutation UpdateWorkspaceBranding($input: UpdateWorkspaceBrandingInput!) {
    updateWorkspaceBranding(input: $input) {
      __typename
      ... on WorkspacePayload { workspace { id } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const AddCustomDomainMutation = graphql(`
  mutation AddCustomDomain($input: AddCustomDomainInput!) {
    addCustomDomain(input: $input) {
      __typename
      ... on CustomDomainPayload { customDomain { id host } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const VerifyCustomDomainMutation = graphql(`
  mutation VerifyCustomDomain($input: VerifyCustomDomainInput!) {
    verifyCustomDomain(input: $input) {
      __typename
      ... on CustomDomainPayload { customDomain { id status lastError } }
      ... on Error { code message }
    }
  }
`);

export const RemoveCustomDomainMutation = graphql(`
  mutation RemoveCustomDomain($input: RemoveCustomDomainInput!) {
    removeCustomDomain(input: $input) {
      __typename
      ... on RemoveCustomDomainPayload { removedCustomDomainId }
      ... on Error { code message }
    }
  }
`);

export const CreateCustomerWorkspaceMutation = graphql(`
  mutation CreateCustomerWorkspace($input: CreateCustomerWorkspaceInput!) {
    createCustomerWorkspace(input: $input) {
      __typename
      ... on WorkspacePayload { workspace { id slug } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const UploadWorkspaceLogoMutation = graphql(`
  mutation UploadWorkspaceLogo($input: UploadWorkspaceLogoInput!, $file: File!) {
    uploadWorkspaceLogo(input: $input, file: $file) {
      __typename
      ... on WorkspacePayload { workspace { id branding { logo } } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const BrandingLogoQuery = graphql(`
  query BrandingLogo($sha256: String!) {
    brandingLogo(sha256: $sha256) { contentType base64 }
  }
`);
